package dev.lepton.core.node;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.resource.Accelerators;

/**
 * One accelerator on a node, as the driver or the node's source reports it. {@code resource} is the
 * accelerator resource it is one device of ({@code nvidia.com/gpu}, {@code amd.com/gpu}, …); a device
 * stored before accelerators had names is an NVIDIA GPU.
 */
public record GpuDevice(int index, String uuid, String model, long memoryBytes, double powerLimitWatts, String resource) {
    public GpuDevice {
        requireNonNull(uuid, "uuid is null");
        requireNonNull(model, "model is null");
        resource = resource == null ? Accelerators.NVIDIA_GPU : resource;
    }

    /** An NVIDIA GPU ({@value Accelerators#NVIDIA_GPU}). */
    public GpuDevice(int index, String uuid, String model, long memoryBytes, double powerLimitWatts) {
        this(index, uuid, model, memoryBytes, powerLimitWatts, Accelerators.NVIDIA_GPU);
    }
}
