package dev.lepton.core.node;

import static java.util.Objects.requireNonNull;

/** One accelerator on a node, as the driver reports it. */
public record GpuDevice(int index, String uuid, String model, long memoryBytes, double powerLimitWatts) {
    public GpuDevice {
        requireNonNull(uuid, "uuid is null");
        requireNonNull(model, "model is null");
    }
}
