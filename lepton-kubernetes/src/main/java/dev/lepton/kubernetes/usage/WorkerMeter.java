package dev.lepton.kubernetes.usage;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One worker's use from the metrics API's samples ({@link PodUse}) and its energy so far, in two parts that each
 * come from a counter where one measures it ({@link PrometheusEnergy}) and from the model otherwise
 * ({@link EnergyTrack}): the CPU side (CPUs, memory) and the GPUs. The sum is a running total that only grows,
 * whichever way each part switches. Safe to call from the sampling thread and the pod informer's.
 */
public final class WorkerMeter {
    /** A counter's growth since it was first seen, {@code joules}, as read at {@code at}. */
    public record Counted(double joules, Instant at) {
        public Counted {
            requireNonNull(at, "at is null");
            if (!(joules >= 0) || Double.isInfinite(joules)) {
                throw new IllegalArgumentException("a counter's growth must be finite and >= 0 J, got " + joules);
            }
        }
    }

    /**
     * The running total {@code joules}, and whether what this call added to each part came from its counter alone:
     * false where the model covered some time (a part without a counter; the first reading of one, up to which the
     * model covers).
     */
    public record Metered(double joules, boolean cpuCounted, boolean gpuCounted) {}

    private PodUse use = PodUse.NONE;
    private final EnergyTrack cpu;
    private final EnergyTrack gpu;

    /** {@code since}: when the worker's pod was made, where its energy starts. */
    public WorkerMeter(Instant since) {
        requireNonNull(since, "since is null");
        this.cpu = new EnergyTrack(since);
        this.gpu = new EnergyTrack(since);
    }

    public synchronized void add(PodSample sample) {
        use = use.plus(sample);
    }

    public synchronized PodUse use() {
        return use;
    }

    /**
     * The energy so far: each part from its counter's reading where it has one now, else the time since it was
     * last covered at its modelled watts.
     */
    public synchronized Metered energyUntil(Instant now, double cpuWatts, Optional<Counted> cpuCount, double gpuWatts, Optional<Counted> gpuCount) {
        double cpuJoules = cpuCount.isPresent() ? cpu.measured(cpuCount.get(), cpuWatts) : cpu.modelled(now, cpuWatts);
        double gpuJoules = gpuCount.isPresent() ? gpu.measured(gpuCount.get(), gpuWatts) : gpu.modelled(now, gpuWatts);
        return new Metered(cpuJoules + gpuJoules, cpu.counted(), gpu.counted());
    }
}
