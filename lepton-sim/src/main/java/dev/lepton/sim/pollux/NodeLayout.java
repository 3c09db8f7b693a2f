package dev.lepton.sim.pollux;

import dev.lepton.sim.ClusterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The cluster as the policies see it: GPUs and their model per node, nodes indexed in the cluster file's order. */
record NodeLayout(List<Integer> gpusPerNode, List<String> gpuModels) {
    NodeLayout {
        gpusPerNode = List.copyOf(gpusPerNode);
        gpuModels = List.copyOf(gpuModels);
        if (gpusPerNode.isEmpty() || gpusPerNode.stream().anyMatch(g -> g < 0)) {
            throw new IllegalArgumentException("a node layout needs at least one node and no negative GPU counts");
        }
        if (gpuModels.size() != gpusPerNode.size()) {
            throw new IllegalArgumentException("a node layout needs one GPU model per node, got " + gpuModels.size() + " for "
                    + gpusPerNode.size() + " nodes");
        }
    }

    static NodeLayout of(ClusterSpec cluster) {
        List<Integer> gpus = new ArrayList<>();
        List<String> models = new ArrayList<>();
        for (ClusterSpec.NodeGroup group : cluster.groups()) {
            for (int i = 0; i < group.count(); i++) {
                gpus.add(group.gpus());
                models.add(group.gpuModel());
            }
        }
        return new NodeLayout(gpus, models);
    }

    /** The GPU models present, in the order of their first node. */
    List<String> models() {
        return gpuModels.stream().distinct().toList();
    }

    int totalGpus() {
        return gpusPerNode.stream().mapToInt(Integer::intValue).sum();
    }

    /** GPUs per node that none of {@code kept} holds. */
    int[] freeAfter(Map<PolluxJob, Allocation> kept) {
        int[] free = gpusPerNode.stream().mapToInt(Integer::intValue).toArray();
        for (Allocation a : kept.values()) {
            for (int node : a.nodes()) {
                free[node]--;
            }
        }
        return free;
    }

    /**
     * The artifact's greedy placement: repeatedly take as many GPUs as needed from the node with the
     * most free GPUs (lowest index on ties). Consolidates when it can but never refuses to split.
     * Updates {@code free}; the caller has checked that enough GPUs are free.
     */
    static Allocation mostFreeFirst(int[] free, int gpus) {
        List<Integer> nodes = new ArrayList<>(gpus);
        while (nodes.size() < gpus) {
            int best = 0;
            for (int n = 1; n < free.length; n++) {
                if (free[n] > free[best]) {
                    best = n;
                }
            }
            if (free[best] == 0) {
                throw new IllegalStateException("not enough free GPUs to place " + gpus);
            }
            int take = Math.min(free[best], gpus - nodes.size());
            for (int i = 0; i < take; i++) {
                nodes.add(best);
            }
            free[best] -= take;
        }
        return new Allocation(nodes);
    }
}
