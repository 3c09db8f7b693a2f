package dev.lepton.sim.trace;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.resource.Accelerators;
import java.util.Optional;

/**
 * One job of a trace, as the simulator replays it: it arrives at {@code submitMillis} (from the
 * trace's start) and runs for {@code durationMillis} once it holds {@code workers} workers of
 * {@code gpusPerWorker} GPUs (rigid), devices of the accelerator resource {@code accelerator} ({@code nvidia.com/gpu}
 * unless the trace or the run says otherwise). {@code reshapeable}: the trace gave only a GPU total, so the
 * gang may span nodes as needed (fewest nodes first).
 */
public record TraceJob(String id, long submitMillis, long durationMillis, int gpusPerWorker, int workers, boolean reshapeable,
                       Optional<String> gpuModel, long cpuMillisPerWorker, long memoryBytesPerWorker, int priority, String queue,
                       String accelerator) {
    /** What a trace's GPUs are unless it or the run says otherwise: NVIDIA's. */
    public static final String DEFAULT_ACCELERATOR = Accelerators.NVIDIA_GPU;

    public TraceJob {
        requireNonNull(id, "id is null");
        requireNonNull(gpuModel, "gpuModel is null");
        requireNonNull(queue, "queue is null");
        requireNonNull(accelerator, "accelerator is null");
        if (submitMillis < 0 || durationMillis < 0 || gpusPerWorker < 0 || workers < 1 || cpuMillisPerWorker < 0 || memoryBytesPerWorker < 0) {
            throw new IllegalArgumentException("job " + id + ": negative time or resources, or no workers");
        }
        if (!Accelerators.isValidName(accelerator)) {
            throw new IllegalArgumentException("job " + id + ": accelerator '" + accelerator + "' " + Accelerators.NAME_RULE);
        }
    }

    /** {@code name} if it is an accelerator resource name; else an {@link IllegalArgumentException} naming {@code field} and the value. */
    public static String requireAccelerator(String field, String name) {
        if (!Accelerators.isValidName(name)) {
            throw new IllegalArgumentException(field + ": " + Accelerators.NAME_RULE + ", got '" + name + "'");
        }
        return name;
    }

    /** A job of NVIDIA GPUs ({@value Accelerators#NVIDIA_GPU}). */
    public TraceJob(String id, long submitMillis, long durationMillis, int gpusPerWorker, int workers, boolean reshapeable,
                    Optional<String> gpuModel, long cpuMillisPerWorker, long memoryBytesPerWorker, int priority, String queue) {
        this(id, submitMillis, durationMillis, gpusPerWorker, workers, reshapeable, gpuModel, cpuMillisPerWorker, memoryBytesPerWorker,
                priority, queue, Accelerators.NVIDIA_GPU);
    }

    /** A job that only says how many GPUs it used in all (Philly). */
    public static TraceJob rigid(String id, long submitMillis, long durationMillis, int gpus) {
        return new TraceJob(id, submitMillis, durationMillis, gpus, 1, true, Optional.empty(), 0, 0, 0, "default");
    }

    public int gpus() {
        return gpusPerWorker * workers;
    }

    public TraceJob submittedAt(long millis) {
        return new TraceJob(id, millis, durationMillis, gpusPerWorker, workers, reshapeable, gpuModel, cpuMillisPerWorker,
                memoryBytesPerWorker, priority, queue, accelerator);
    }

    /** The same job asking for devices of another accelerator resource. */
    public TraceJob onAccelerator(String name) {
        return new TraceJob(id, submitMillis, durationMillis, gpusPerWorker, workers, reshapeable, gpuModel, cpuMillisPerWorker,
                memoryBytesPerWorker, priority, queue, name);
    }
}
