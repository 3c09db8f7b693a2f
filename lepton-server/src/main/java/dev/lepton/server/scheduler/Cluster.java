package dev.lepton.server.scheduler;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.WorkerStatus;
import dev.lepton.core.node.Node;
import dev.lepton.core.placement.ClusterSnapshot;
import dev.lepton.core.placement.NodeState;
import dev.lepton.core.policy.FreeCapacity;
import dev.lepton.core.resource.Resources;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The loop's picture of the nodes and what live workers hold on them, kept as jobs start and end rather than rebuilt
 * every turn: the loop tells it each change of what a job holds ({@link #held}), and each turn ({@link #refresh}) reads
 * again only the nodes those changes touched, into the snapshot and into the allocator's {@link FreeCapacity}. A new
 * node list from the source (a node joined, left or changed) rebuilds it all. Other threads read the last published copy.
 */
public final class Cluster {
    private final Supplier<List<Node>> nodes;
    // Owned by the loop thread.
    /** The node list the picture was built on; null until the first refresh, and after {@link #clear}. */
    private List<Node> capacity;
    private Map<String, Integer> indexOf = Map.of();
    private NodeState[] states = new NodeState[0];
    /** What live workers hold, by node; nodes without workers are absent. */
    private final Map<String, NodeUse> use = new HashMap<>();
    /** Nodes whose use changed since the last refresh. */
    private final Set<String> touched = new HashSet<>();
    /** The workers holding resources, by job uid, in the order the jobs began to. */
    private final Map<String, List<RunningWorker>> workersOf = new LinkedHashMap<>();
    private boolean workersChanged;
    private FreeCapacity free;
    private ClusterSnapshot current = new ClusterSnapshot(List.of());
    private List<RunningWorker> workers = List.of();
    private volatile ClusterSnapshot published = current;
    private volatile List<RunningWorker> publishedWorkers = workers;

    /** What a node's live workers hold: their resources summed, and the GPUs they have by index. */
    private static final class NodeUse {
        private Resources allocated = Resources.NONE;
        private final Set<Integer> gpus = new HashSet<>();
        private int workers;
    }

    public Cluster(Supplier<List<Node>> nodes) {
        this.nodes = requireNonNull(nodes, "nodes is null");
    }

    /**
     * A job's hold changed: {@code before} is the job as it held resources until now (null if it held none), {@code after}
     * as it holds them from now on (null if it holds none). Each worker not finished holds the job's resources on its node.
     */
    void held(Job before, Job after) {
        if (before != null) {
            for (WorkerStatus w : before.status().workers()) {
                if (!w.state().isFinished()) {
                    NodeUse node = use.get(w.node());
                    node.allocated = node.allocated.minus(before.spec().resources());
                    w.gpuIndices().forEach(node.gpus::remove);
                    if (--node.workers == 0) {
                        use.remove(w.node());
                    }
                    touched.add(w.node());
                }
            }
            workersChanged |= workersOf.remove(before.uid()) != null;
        }
        if (after != null) {
            List<RunningWorker> holding = new ArrayList<>();
            for (WorkerStatus w : after.status().workers()) {
                if (!w.state().isFinished()) {
                    NodeUse node = use.computeIfAbsent(w.node(), name -> new NodeUse());
                    node.allocated = node.allocated.plus(after.spec().resources());
                    node.gpus.addAll(w.gpuIndices());
                    node.workers++;
                    touched.add(w.node());
                    holding.add(new RunningWorker(new AttemptId(after.uid(), after.status().epoch(), w.rank()), after.project(), after.name(),
                            after.spec().queue(), w.node(), after.spec().resources(), w.gpuIndices()));
                }
            }
            if (!holding.isEmpty()) {
                workersOf.put(after.uid(), holding);
                workersChanged = true;
            }
        }
    }

    /** Brings the snapshot and the free capacity up to date: the nodes touched since the last turn, or all if the list changed. */
    void refresh() {
        List<Node> listed = nodes.get();
        if (listed != capacity) {
            rebuild(listed);
        } else if (!touched.isEmpty()) {
            for (String name : touched) {
                Integer i = indexOf.get(name);
                if (i != null) {
                    states[i] = state(capacity.get(i));
                    free.update(states[i]);
                }
            }
            current = new ClusterSnapshot(Arrays.asList(states));
        }
        touched.clear();
        if (workersChanged) {
            List<RunningWorker> all = new ArrayList<>();
            workersOf.values().forEach(all::addAll);
            workers = all;
            workersChanged = false;
        }
    }

    private void rebuild(List<Node> listed) {
        capacity = listed;
        Map<String, Integer> index = new HashMap<>(listed.size() * 2);
        states = new NodeState[listed.size()];
        for (int i = 0; i < listed.size(); i++) {
            index.putIfAbsent(listed.get(i).name(), i);
            states[i] = state(listed.get(i));
        }
        indexOf = index;
        current = new ClusterSnapshot(Arrays.asList(states));
        free = FreeCapacity.of(current);
    }

    private NodeState state(Node node) {
        NodeUse held = use.get(node.name());
        return held == null ? NodeState.idle(node) : new NodeState(node, held.allocated, Set.copyOf(held.gpus));
    }

    /** Forgets every hold (the loop reloads its jobs from the store): the next refresh rebuilds from what is told again. */
    void clear() {
        use.clear();
        touched.clear();
        workersOf.clear();
        workersChanged = true;
        capacity = null;
    }

    /** The nodes as their source has them now, for any thread: a dry run's plan. */
    List<Node> nodesNow() {
        return nodes.get();
    }

    /** The nodes as of this turn; the same object until a node joins, leaves or changes. */
    List<Node> capacity() {
        return capacity == null ? List.of() : capacity;
    }

    ClusterSnapshot current() {
        return current;
    }

    /** What is free as of this turn, kept across turns: a plan changes it only while it runs. */
    FreeCapacity free() {
        return free;
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
