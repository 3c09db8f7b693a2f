package dev.lepton.api.v1;

/** One GPU of a node, with its current use when measured. */
public record ApiGpu(int index, String uuid, String model, long memoryBytes, Double utilization, Long memoryUsedBytes, Double powerWatts) {}
