package dev.lepton.node.probe;

import static java.util.Objects.requireNonNull;

import java.util.OptionalDouble;

/**
 * One GPU's activity at a sample: utilisation as a fraction of 1, memory in use, and power draw
 * when the driver measures it (empty for "[N/A]", so that energy accounting knows to model it).
 */
public record GpuUsage(int index, double utilization, long memoryUsedBytes, OptionalDouble powerWatts) {
    public GpuUsage {
        requireNonNull(powerWatts, "powerWatts is null");
        if (index < 0 || utilization < 0 || utilization > 1 || memoryUsedBytes < 0) {
            throw new IllegalArgumentException("invalid GPU usage: index " + index + ", utilization " + utilization
                    + ", memory " + memoryUsedBytes);
        }
    }
}
