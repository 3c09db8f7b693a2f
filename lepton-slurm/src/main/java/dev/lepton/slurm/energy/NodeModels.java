package dev.lepton.slurm.energy;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.failure.LeptonException;
import dev.lepton.slurm.job.TaskResources;
import dev.lepton.slurm.node.SlurmNode;
import dev.lepton.slurm.node.SlurmNodes;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The power model of a task on a Slurm node ({@link TaskModels}), the node described by Slurm once
 * ({@code scontrol show node NAME}) and kept; a node Slurm does not describe now is asked after again
 * next time. Where no energy plugin measures the nodes ({@code modelled}), the first model of each
 * node is logged, with its source and ranges.
 */
public final class NodeModels {
    private static final Logger log = LoggerFactory.getLogger(NodeModels.class);

    private final SlurmNodes nodes;
    private final TaskModels models;
    private final boolean modelled;
    private final Map<String, SlurmNode> described = new ConcurrentHashMap<>();

    public NodeModels(SlurmNodes nodes, TaskModels models, boolean modelled) {
        this.nodes = requireNonNull(nodes, "nodes is null");
        this.models = requireNonNull(models, "models is null");
        this.modelled = modelled;
    }

    /** A task holding {@code task} on node {@code name}; empty while Slurm does not describe the node, or the table cannot model it. */
    public Optional<TaskModel> of(String name, TaskResources task) {
        try {
            return node(name).map(node -> models.of(node, task));
        } catch (IllegalArgumentException e) {
            log.atWarn().setMessage("cannot model the task's power on its node").addKeyValue("node", name).addKeyValue("error", e.getMessage()).log();
            return Optional.empty();
        }
    }

    private Optional<SlurmNode> node(String name) {
        SlurmNode seen = described.get(name);
        if (seen != null) {
            return Optional.of(seen);
        }
        try {
            Optional<SlurmNode> node = nodes.node(name);
            node.filter(n -> described.putIfAbsent(name, n) == null && modelled).ifPresent(this::logModel);
            return node;
        } catch (LeptonException e) {
            log.atWarn().setMessage("Slurm did not describe the node; its tasks are not modelled this time").addKeyValue("node", name)
                    .addKeyValue("error", e.getMessage()).log();
            return Optional.empty();
        }
    }

    /** The node's CPUs, all idle: its idle power, what each busy CPU adds, and where the figures come from. */
    private void logModel(SlurmNode node) {
        TaskModel idle = models.of(node, new TaskResources(Math.max(1, node.cpus()), 0, 0, Optional.empty()));
        log.atInfo().setMessage("tasks on this Slurm node are modelled: no energy plugin measures it").addKeyValue("node", node.name())
                .addKeyValue("source", idle.source()).addKeyValue("idleWatts", idle.baseWatts())
                .addKeyValue("wattsPerBusyCpu", idle.wattsPerBusyCpu())
                .addKeyValue("from", idle.why()).log();
    }
}
