package dev.lepton.slurm.energy;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.energy.ComponentKind;
import dev.lepton.core.energy.KnownHardware;
import dev.lepton.core.energy.NodePowerProfile;
import dev.lepton.core.energy.PowerModel;
import dev.lepton.core.energy.PowerRange;
import dev.lepton.slurm.job.TaskResources;
import dev.lepton.slurm.node.SlurmNode;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Each task's {@link TaskModel} from its node as Slurm describes it and the table of known hardware
 * ({@link KnownHardware}): the CPU row of the model a node feature names ({@code EPYC_7763},
 * {@code gold-6248}: as written, or with underscores, then hyphens too, read as spaces), else the table's row for CPUs it does not
 * know, times the node's logical CPUs; the GPU row of the node's GRES type ({@code a100}). Slurm tells
 * no GPU's utilisation, so a GPU a task holds is modelled at its board power, the most it may draw
 * (as Green Algorithms does by default: a usage factor of 1).
 */
public final class TaskModels {
    private final KnownHardware table;

    public TaskModels(KnownHardware table) {
        this.table = requireNonNull(table, "table is null");
    }

    public TaskModel of(SlurmNode node, TaskResources task) {
        int cpus = Math.max(1, node.cpus());
        String cpuModel = cpuModel(node).orElse("a CPU Slurm does not name");
        PowerModel model = PowerModel.of(NodePowerProfile.NONE, table, cpuModel, cpus, node.asNode("").gpus());
        PowerModel.ModelledComponent cpu = model.component(ComponentKind.CPU_PACKAGE, 0).orElseThrow();
        PowerRange range = cpu.range();
        double gpuWatts = 0;
        String why = cpu.why();
        if (task.holdsGpus()) {
            // Devices of another GRES (an accelerator mapped with --slurm-gres) have no row in the model of the node.
            PowerModel.ModelledComponent gpu = model.component(ComponentKind.GPU, 0)
                    .orElseThrow(() -> new IllegalArgumentException("node " + node.name() + " has no GPU for a task that holds " + task.gpus()));
            gpuWatts = task.gpus() * gpu.range().maxWatts();
            why += "; " + gpu.why();
        }
        double share = Math.min(1, (double) task.cpus() / cpus);
        return new TaskModel(range.idleWatts() * share + gpuWatts, (range.maxWatts() - range.idleWatts()) / cpus, cpu.source(),
                node.name() + ": " + why);
    }

    /** The first of the node's features, in order, that names a CPU the table knows by its own row. */
    private Optional<String> cpuModel(SlurmNode node) {
        List<String> features = node.features().stream().sorted().toList();
        return features.stream().flatMap(f -> Stream.of(f, f.replace('_', ' '), f.replace('_', ' ').replace('-', ' ')))
                .filter(name -> table.cpu(name).filter(row -> !row.isFallback()).isPresent()).findFirst();
    }
}
