package dev.lepton.sim.pollux;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/** A job's GPUs as the artifact writes them: one node index per GPU; empty when the job holds none. */
record Allocation(List<Integer> nodes) {
    static final Allocation NONE = new Allocation(List.of());

    Allocation {
        nodes = List.copyOf(nodes);
        for (int n : nodes) {
            if (n < 0) {
                throw new IllegalArgumentException("negative node index in allocation " + nodes);
            }
        }
    }

    boolean isEmpty() {
        return nodes.isEmpty();
    }

    int gpus() {
        return nodes.size();
    }

    int nodeCount() {
        return new HashSet<>(nodes).size();
    }

    /** GPUs per node in the order the nodes first appear, consecutive equal indices merged. */
    List<Integer> gpusPerNode() {
        List<Integer> counts = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (i > 0 && nodes.get(i).equals(nodes.get(i - 1))) {
                counts.set(counts.size() - 1, counts.getLast() + 1);
            } else {
                counts.add(1);
            }
        }
        return counts;
    }
}
