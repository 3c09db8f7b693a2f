package dev.lepton.slurm.job;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a gang's tasks run: the nodes Lepton chose and as many tasks on each. Ranks go node by node,
 * in this order: the first node holds ranks 0 to {@code tasksPerNode - 1}. Slurm lays out a job's
 * tasks with one count per node ({@code --ntasks-per-node}), so a placement with different counts on
 * different nodes cannot be one plain batch job and is refused.
 */
public record GangLayout(List<String> nodes, int tasksPerNode) {
    public GangLayout {
        nodes = List.copyOf(nodes);
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("a gang runs on at least one node");
        }
        if (nodes.stream().distinct().count() != nodes.size()) {
            throw new IllegalArgumentException("a gang lists each node once, got " + nodes);
        }
        for (String node : nodes) {
            if (!node.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                throw new IllegalArgumentException("not a Slurm node name: '" + node + "'");
            }
        }
        if (tasksPerNode < 1) {
            throw new IllegalArgumentException("tasksPerNode must be at least 1, got " + tasksPerNode);
        }
    }

    /** One task on one node. */
    public static GangLayout single(String node) {
        return new GangLayout(List.of(node), 1);
    }

    /**
     * From Lepton's placement, one entry per worker in rank order: the node each runs on. Refused
     * unless the workers fill the nodes in turn, the same number on each.
     */
    public static GangLayout ofWorkers(List<String> nodeOfRank) {
        Map<String, Integer> counts = new TreeMap<>();
        nodeOfRank.forEach(node -> counts.merge(node, 1, Integer::sum));
        List<String> nodes = nodeOfRank.stream().distinct().toList();
        int perNode = nodeOfRank.isEmpty() ? 0 : nodeOfRank.size() / nodes.size();
        GangLayout layout = new GangLayout(nodes, Math.max(perNode, 1));
        if (counts.values().stream().anyMatch(c -> c != perNode) || !layout.nodeOfRanks().equals(nodeOfRank)) {
            throw new IllegalArgumentException("Slurm runs the same number of tasks on each node of a job, ranks node by node; "
                    + "this placement is " + nodeOfRank + " (tasks per node: " + counts + ")");
        }
        return layout;
    }

    public int tasks() {
        return nodes.size() * tasksPerNode;
    }

    /** The node of each rank, in rank order. */
    public List<String> nodeOfRanks() {
        return nodes.stream().flatMap(node -> Collections.nCopies(tasksPerNode, node).stream()).toList();
    }
}
