package dev.lepton.core.resource;

import java.util.ArrayList;
import java.util.List;

/**
 * An amount of compute: CPU in millicores, memory in bytes, whole NVIDIA GPUs.
 * Never negative; arithmetic that would go below zero is a bug in the caller.
 */
public record Resources(long cpuMillis, long memoryBytes, int gpus) {
    public static final Resources NONE = new Resources(0, 0, 0);

    public Resources {
        if (cpuMillis < 0 || memoryBytes < 0 || gpus < 0) {
            throw new IllegalArgumentException("negative resources: " + cpuMillis + "m, " + memoryBytes + "B, " + gpus + " GPUs");
        }
    }

    public Resources plus(Resources other) {
        return new Resources(cpuMillis + other.cpuMillis, memoryBytes + other.memoryBytes, gpus + other.gpus);
    }

    public Resources minus(Resources other) {
        return new Resources(cpuMillis - other.cpuMillis, memoryBytes - other.memoryBytes, gpus - other.gpus);
    }

    public Resources times(int n) {
        return new Resources(cpuMillis * n, memoryBytes * n, gpus * n);
    }

    /** How many of this request fit in {@code available} at once; {@link Long#MAX_VALUE} when it asks for nothing. */
    public long timesIn(Resources available) {
        long times = Long.MAX_VALUE;
        if (cpuMillis > 0) {
            times = Math.min(times, available.cpuMillis / cpuMillis);
        }
        if (memoryBytes > 0) {
            times = Math.min(times, available.memoryBytes / memoryBytes);
        }
        if (gpus > 0) {
            times = Math.min(times, available.gpus / gpus);
        }
        return times;
    }

    public boolean fitsIn(Resources available) {
        return shortfall(available).isEmpty();
    }

    /** What is missing for this request to fit in {@code available}, one phrase per resource. */
    public List<String> shortfall(Resources available) {
        List<String> missing = new ArrayList<>(3);
        if (gpus > available.gpus) {
            missing.add("needs " + gpus + " GPUs, " + available.gpus + " free");
        }
        if (cpuMillis > available.cpuMillis) {
            missing.add("needs " + Quantities.formatCpu(cpuMillis) + " CPU, " + Quantities.formatCpu(available.cpuMillis) + " free");
        }
        if (memoryBytes > available.memoryBytes) {
            missing.add("needs " + Quantities.formatBytes(memoryBytes) + " memory, " + Quantities.formatBytes(available.memoryBytes) + " free");
        }
        return missing;
    }

    @Override
    public String toString() {
        return "cpu=" + Quantities.formatCpu(cpuMillis) + " memory=" + Quantities.formatBytes(memoryBytes) + " gpus=" + gpus;
    }
}
