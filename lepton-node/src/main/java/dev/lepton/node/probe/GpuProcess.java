package dev.lepton.node.probe;

import static java.util.Objects.requireNonNull;

/** A compute process on a GPU, as {@code nvidia-smi --query-compute-apps} lists it: the GPU's UUID, its pid, its memory. */
public record GpuProcess(String gpuUuid, long pid, long usedMemoryBytes) {
    public GpuProcess {
        requireNonNull(gpuUuid, "gpuUuid is null");
        if (pid <= 0 || usedMemoryBytes < 0) {
            throw new IllegalArgumentException("invalid GPU process: pid " + pid + ", memory " + usedMemoryBytes);
        }
    }
}
