package dev.lepton.slurm.job;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.resource.Accelerators;
import dev.lepton.core.resource.Resources;
import dev.lepton.slurm.node.SlurmGres;
import java.util.Optional;

/**
 * What each task of a gang gets from Slurm: whole CPUs, memory ({@code 0}: the partition's default),
 * and GPUs, of one model if {@code gpuType} names it as the nodes' GRES type does ({@code a100}).
 */
public record TaskResources(int cpus, long memoryBytes, int gpus, Optional<String> gpuType) {
    public TaskResources {
        requireNonNull(gpuType, "gpuType is null");
        if (cpus < 1 || memoryBytes < 0 || gpus < 0) {
            throw new IllegalArgumentException("a task needs at least 1 CPU and no negative memory or GPUs, got cpus=" + cpus
                    + " memory=" + memoryBytes + " gpus=" + gpus);
        }
        if (gpuType.filter(type -> !type.matches("[A-Za-z0-9._-]+")).isPresent()) {
            throw new IllegalArgumentException("not a GRES type: '" + gpuType.get() + "'");
        }
    }

    /**
     * Lepton's request: Slurm hands out whole CPUs, so millicores are rounded up (a task gets at least one);
     * its NVIDIA GPUs are GRES {@code gpu} ({@link SlurmGres#GPU_RESOURCE}). Any other accelerator has no GRES
     * that Lepton knows to ask for, and is refused ({@link IllegalArgumentException}, naming it).
     */
    public static TaskResources of(Resources resources, Optional<String> gpuType) {
        Accelerators accelerators = resources.accelerators();
        for (int i = 0; i < accelerators.size(); i++) {
            if (!accelerators.name(i).equals(SlurmGres.GPU_RESOURCE)) {
                throw new IllegalArgumentException("Slurm cannot run " + accelerators.count(i) + " " + accelerators.name(i)
                        + " per task: only " + SlurmGres.GPU_RESOURCE + " is a Slurm GRES (gpu) to Lepton");
            }
        }
        int gpus = resources.accelerator(SlurmGres.GPU_RESOURCE);
        int cpus = (int) Math.max(1, (resources.cpuMillis() + 999) / 1000);
        return new TaskResources(cpus, resources.memoryBytes(), gpus, gpus > 0 ? gpuType : Optional.empty());
    }
}
