package dev.lepton.core.resource;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * An amount of compute: CPU in millicores, memory in bytes, and accelerator devices by resource name
 * ({@link Accelerators}: {@code nvidia.com/gpu}, {@code amd.com/gpu}, {@code google.com/tpu}, …).
 * Never negative; arithmetic that would go below zero is a bug in the caller.
 *
 * <p>{@link #gpus()} counts the devices of every name alike: what GPU-hours, a device's share of energy and
 * cost, least-attained-service's GPU-seconds and the allocator's room counts read, for a TPU as for a GPU.
 * Fitting is always name by name ({@link #fitsIn}, {@link #shortfall}): two AMD GPUs never fit in two free
 * NVIDIA GPUs.
 */
public record Resources(long cpuMillis, long memoryBytes, Accelerators accelerators) {
    public static final Resources NONE = new Resources(0, 0, Accelerators.NONE);

    public Resources {
        requireNonNull(accelerators, "accelerators is null");
        if (cpuMillis < 0 || memoryBytes < 0) {
            throw new IllegalArgumentException("negative resources: " + cpuMillis + "m, " + memoryBytes + "B");
        }
    }

    /** CPU, memory and {@code nvidiaGpus} NVIDIA GPUs ({@value Accelerators#NVIDIA_GPU}), as a spec's {@code gpus} asks. */
    public Resources(long cpuMillis, long memoryBytes, int nvidiaGpus) {
        this(cpuMillis, memoryBytes, Accelerators.nvidiaGpus(nvidiaGpus));
    }

    /** Accelerator devices of every name together (see the class comment for who counts so). */
    public int gpus() {
        return accelerators.total();
    }

    /** Devices of one accelerator resource, e.g. {@code accelerator("amd.com/gpu")}. */
    public int accelerator(String name) {
        return accelerators.get(name);
    }

    public Resources withAccelerators(Accelerators value) {
        return new Resources(cpuMillis, memoryBytes, value);
    }

    public Resources plus(Resources other) {
        return new Resources(cpuMillis + other.cpuMillis, memoryBytes + other.memoryBytes, accelerators.plus(other.accelerators));
    }

    public Resources minus(Resources other) {
        return new Resources(cpuMillis - other.cpuMillis, memoryBytes - other.memoryBytes, accelerators.minus(other.accelerators));
    }

    public Resources times(int n) {
        return new Resources(cpuMillis * n, memoryBytes * n, accelerators.times(n));
    }

    /** How many of this request fit in {@code available} at once; {@link Long#MAX_VALUE} when it asks for nothing. */
    public long timesIn(Resources available) {
        long times = accelerators.timesIn(available.accelerators);
        if (cpuMillis > 0) {
            times = Math.min(times, available.cpuMillis / cpuMillis);
        }
        if (memoryBytes > 0) {
            times = Math.min(times, available.memoryBytes / memoryBytes);
        }
        return times;
    }

    public boolean fitsIn(Resources available) {
        return cpuMillis <= available.cpuMillis && memoryBytes <= available.memoryBytes && accelerators.fitsIn(available.accelerators);
    }

    /**
     * What is missing for this request to fit in {@code available}, one phrase per resource, accelerators first
     * and by name: {@code needs 2 amd.com/gpu, 0 free}.
     */
    public List<String> shortfall(Resources available) {
        if (fitsIn(available)) {
            return List.of();
        }
        List<String> missing = new ArrayList<>(3);
        for (int i = 0; i < accelerators.size(); i++) {
            String name = accelerators.name(i);
            int free = available.accelerators.get(name);
            if (accelerators.count(i) > free) {
                missing.add("needs " + accelerators.count(i) + " " + name + ", " + free + " free");
            }
        }
        if (cpuMillis > available.cpuMillis) {
            missing.add("needs " + Quantities.formatCpu(cpuMillis) + " CPU, " + Quantities.formatCpu(available.cpuMillis) + " free");
        }
        if (memoryBytes > available.memoryBytes) {
            missing.add("needs " + Quantities.formatBytes(memoryBytes) + " memory, " + Quantities.formatBytes(available.memoryBytes) + " free");
        }
        return missing;
    }

    /** {@code cpu=2 memory=8GiB nvidia.com/gpu=1}; accelerators by name, none when it has none. */
    @Override
    public String toString() {
        String base = "cpu=" + Quantities.formatCpu(cpuMillis) + " memory=" + Quantities.formatBytes(memoryBytes);
        return accelerators.isEmpty() ? base : base + " " + accelerators;
    }
}
