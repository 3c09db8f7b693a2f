package dev.lepton.slurm.job;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.resource.Accelerators;
import dev.lepton.core.resource.Resources;
import dev.lepton.slurm.node.SlurmGres;
import dev.lepton.slurm.node.SlurmGresMap;
import java.util.Optional;

/**
 * What each task of a gang gets from Slurm: whole CPUs, memory ({@code 0}: the partition's default),
 * and {@code gpus} devices of the GRES {@code gres} ({@code gpu} unless an accelerator maps to another), of one
 * model if {@code gpuType} names it as the nodes' GRES type does ({@code a100}).
 */
public record TaskResources(int cpus, long memoryBytes, int gpus, Optional<String> gpuType, String gres) {
    public TaskResources {
        requireNonNull(gpuType, "gpuType is null");
        requireNonNull(gres, "gres is null");
        if (!gres.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("not a GRES name: '" + gres + "'");
        }
        if (cpus < 1 || memoryBytes < 0 || gpus < 0) {
            throw new IllegalArgumentException("a task needs at least 1 CPU and no negative memory or GPUs, got cpus=" + cpus
                    + " memory=" + memoryBytes + " gpus=" + gpus);
        }
        if (gpuType.filter(type -> !type.matches("[A-Za-z0-9._-]+")).isPresent()) {
            throw new IllegalArgumentException("not a GRES type: '" + gpuType.get() + "'");
        }
    }

    /** Devices of GRES {@code gpu}. */
    public TaskResources(int cpus, long memoryBytes, int gpus, Optional<String> gpuType) {
        this(cpus, memoryBytes, gpus, gpuType, SlurmGres.GPU);
    }

    /** Whether its devices are GRES {@code gpu}, which the model of a node's power knows. */
    public boolean holdsGpus() {
        return gpus > 0 && gres.equals(SlurmGres.GPU);
    }

    /**
     * Lepton's request with GRES {@code gpu} as NVIDIA's GPUs ({@link SlurmGresMap#DEFAULT}), of {@code gpuType} if given.
     */
    public static TaskResources of(Resources resources, Optional<String> gpuType) {
        TaskResources task = of(resources, SlurmGresMap.DEFAULT);
        return task.gpus() > 0 ? new TaskResources(task.cpus(), task.memoryBytes(), task.gpus(), gpuType, task.gres()) : task;
    }

    /**
     * Lepton's request: Slurm hands out whole CPUs, so millicores are rounded up (a task gets at least one); its
     * accelerators are the GRES {@code gresMap} maps their resource from, of that entry's type if it names one
     * ({@code gpu:mi300x=amd.com/gpu}: {@code --gres=gpu:mi300x:N}). An accelerator no GRES is, or devices of two
     * resources in one task, are refused ({@link IllegalArgumentException}, naming them).
     */
    public static TaskResources of(Resources resources, SlurmGresMap gresMap) {
        Accelerators accelerators = resources.accelerators();
        int cpus = (int) Math.max(1, (resources.cpuMillis() + 999) / 1000);
        if (accelerators.isEmpty()) {
            return new TaskResources(cpus, resources.memoryBytes(), 0, Optional.empty());
        }
        if (accelerators.size() > 1) {
            throw new IllegalArgumentException("Slurm cannot run " + accelerators + " per task: a task asks Slurm for devices of one GRES");
        }
        String resource = accelerators.name(0);
        SlurmGresMap.Entry entry = gresMap.gresOf(resource).orElseThrow(() -> new IllegalArgumentException("Slurm cannot run "
                + accelerators.count(0) + " " + resource + " per task: no GRES is " + resource + " to Lepton (the server maps "
                + gresMap + "; map one with --slurm-gres NAME[:TYPE]=" + resource + ")"));
        return new TaskResources(cpus, resources.memoryBytes(), accelerators.count(0), entry.type(), entry.name());
    }
}
