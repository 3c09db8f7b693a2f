package dev.lepton.core.policy;

import dev.lepton.core.node.GpuDevice;
import dev.lepton.core.node.Node;
import dev.lepton.core.node.NodeCondition;
import dev.lepton.core.placement.Assignment;
import dev.lepton.core.placement.ClusterSnapshot;
import dev.lepton.core.placement.NodeState;
import dev.lepton.core.resource.Resources;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Small clusters and candidates for policy tests; time is seconds after {@link #T0}. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private Fixtures() {}

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    static Node node(String name, int gpus) {
        return node(name, gpus, "V100");
    }

    static Node node(String name, int gpus, String model) {
        List<GpuDevice> devices = new ArrayList<>();
        for (int i = 0; i < gpus; i++) {
            devices.add(new GpuDevice(i, "GPU-" + name + "-" + i, model, 32L << 30, 300));
        }
        return new Node(name, new Resources(64_000, 256L << 30, gpus), devices, Map.of(), NodeCondition.READY);
    }

    /** A job of {@code gpus} GPUs on one worker, submitted at {@code submitted} seconds, running {@code seconds} in all. */
    static Candidate job(String id, int gpus, long submitted, long seconds) {
        return Candidate.waiting(id, new Resources(0, 0, gpus), 1, at(submitted)).withRemaining(Duration.ofSeconds(seconds));
    }

    /** The job, running since {@code since} seconds on the given node's lowest free GPUs (see {@link Cluster}). */
    static Candidate running(Candidate job, Cluster cluster, String node, long since) {
        List<Integer> gpus = cluster.use(node, job.gpus());
        return job.runningOn(List.of(new Assignment(0, node, gpus)), at(since));
    }

    /** Nodes plus GPUs handed out so far, to build a snapshot consistent with running candidates. */
    static final class Cluster {
        private final List<Node> nodes = new ArrayList<>();
        private final Map<String, Set<Integer>> used = new HashMap<>();

        Cluster nodes(int count, int gpus) {
            return nodes(count, gpus, "V100");
        }

        Cluster nodes(int count, int gpus, String model) {
            for (int i = 0; i < count; i++) {
                Node n = node("n" + (nodes.size() + 1), gpus, model);
                nodes.add(n);
                used.put(n.name(), new TreeSet<>());
            }
            return this;
        }

        /** The named node reports itself unhealthy (its capacity stays: health may come back). */
        Cluster unhealthy(String name) {
            nodes.replaceAll(n -> n.name().equals(name)
                    ? new Node(n.name(), n.allocatable(), n.gpus(), n.labels(), NodeCondition.UNSCHEDULABLE) : n);
            return this;
        }

        /** A node with at least {@code count} GPUs not handed out yet, the first in order. */
        Optional<String> freeOnSomeNode(int count) {
            return nodes.stream().filter(n -> n.gpus().size() - used.get(n.name()).size() >= count).map(Node::name).findFirst();
        }

        List<Integer> use(String node, int count) {
            Set<Integer> inUse = used.get(node);
            List<Integer> picked = new ArrayList<>();
            for (int g = 0; picked.size() < count; g++) {
                if (inUse.add(g)) {
                    picked.add(g);
                }
            }
            return picked;
        }

        ClusterSnapshot snapshot() {
            List<NodeState> states = new ArrayList<>();
            for (Node n : nodes) {
                Set<Integer> inUse = used.get(n.name());
                states.add(new NodeState(n, new Resources(0, 0, inUse.size()), inUse));
            }
            return new ClusterSnapshot(states);
        }
    }
}
