package dev.lepton.server.scheduler;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.WorkerStatus;
import dev.lepton.core.node.Node;
import dev.lepton.core.placement.ClusterSnapshot;
import dev.lepton.core.placement.NodeState;
import dev.lepton.core.resource.Resources;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The loop's picture of the nodes and what live workers hold on them. The loop rebuilds it each
 * turn; other threads read the last published copy.
 */
public final class Cluster {
    private final Supplier<List<Node>> nodes;
    private List<Node> capacity = List.of();
    private ClusterSnapshot current = new ClusterSnapshot(List.of());
    private List<RunningWorker> workers = List.of();
    private volatile ClusterSnapshot published = current;
    private volatile List<RunningWorker> publishedWorkers = workers;

    public Cluster(Supplier<List<Node>> nodes) {
        this.nodes = requireNonNull(nodes, "nodes is null");
    }

    void refresh(Collection<Job> live) {
        Map<String, NodeState> states = new LinkedHashMap<>();
        capacity = nodes.get();
        for (Node node : capacity) {
            states.put(node.name(), NodeState.idle(node));
        }
        Map<String, Resources> used = new HashMap<>();
        Map<String, Set<Integer>> gpus = new HashMap<>();
        List<RunningWorker> holding = new ArrayList<>();
        for (Job job : live) {
            for (WorkerStatus w : job.status().workers()) {
                if (!w.state().isFinished()) {
                    used.merge(w.node(), job.spec().resources(), Resources::plus);
                    gpus.computeIfAbsent(w.node(), k -> new HashSet<>()).addAll(w.gpuIndices());
                    holding.add(new RunningWorker(new AttemptId(job.uid(), job.status().epoch(), w.rank()), job.project(), job.name(), job.spec().queue(),
                            w.node(), job.spec().resources(), w.gpuIndices()));
                }
            }
        }
        workers = holding;
        List<NodeState> result = new ArrayList<>();
        states.forEach((name, idle) -> result.add(new NodeState(idle.node(),
                used.getOrDefault(name, Resources.NONE), gpus.getOrDefault(name, Set.of()))));
        current = new ClusterSnapshot(result);
    }

    /** The nodes as their source has them now, for any thread: a dry run's plan. */
    List<Node> nodesNow() {
        return nodes.get();
    }

    /** The nodes as of this turn; the same object until a node joins, leaves or changes. */
    List<Node> capacity() {
        return capacity;
    }

    ClusterSnapshot current() {
        return current;
    }

    void publish() {
        published = current;
        publishedWorkers = workers;
    }

    ClusterSnapshot published() {
        return published;
    }

    /** The workers that held resources as of the last published turn. */
    List<RunningWorker> publishedWorkers() {
        return publishedWorkers;
    }
}
