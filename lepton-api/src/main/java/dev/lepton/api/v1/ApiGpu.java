package dev.lepton.api.v1;

/**
 * One accelerator of a node, with its current use when measured. {@code resource} is the accelerator resource
 * it is a device of ({@code nvidia.com/gpu}, {@code amd.com/gpu}, …).
 */
public record ApiGpu(int index, String uuid, String model, long memoryBytes, Double utilization, Long memoryUsedBytes, Double powerWatts,
                     String resource) {
    /** A device whose resource is not told. */
    public ApiGpu(int index, String uuid, String model, long memoryBytes, Double utilization, Long memoryUsedBytes, Double powerWatts) {
        this(index, uuid, model, memoryBytes, utilization, memoryUsedBytes, powerWatts, null);
    }
}
