package dev.lepton.api.v1;

import java.util.Map;

/**
 * Resources per worker as written: {@code cpu: 500m}, {@code memory: 2GiB}, {@code gpus: 1}, and accelerators by
 * resource name, {@code accelerators: {amd.com/gpu: 2}}. {@code gpus: N} is the short form of
 * {@code accelerators: {nvidia.com/gpu: N}}; a spec gives NVIDIA GPUs one way or the other.
 */
public record ApiResources(String cpu, String memory, Integer gpus, Map<String, Integer> accelerators) {
    /** CPU, memory and NVIDIA GPUs only. */
    public ApiResources(String cpu, String memory, Integer gpus) {
        this(cpu, memory, gpus, null);
    }
}
