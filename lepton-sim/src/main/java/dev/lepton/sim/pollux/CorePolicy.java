package dev.lepton.sim.pollux;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.node.GpuDevice;
import dev.lepton.core.node.Node;
import dev.lepton.core.node.NodeCondition;
import dev.lepton.core.placement.Assignment;
import dev.lepton.core.placement.ClusterSnapshot;
import dev.lepton.core.placement.Constraints;
import dev.lepton.core.placement.NodeState;
import dev.lepton.core.placement.Placement;
import dev.lepton.core.policy.Admission;
import dev.lepton.core.policy.AllocationPlan;
import dev.lepton.core.policy.Allocator;
import dev.lepton.core.policy.Candidate;
import dev.lepton.core.policy.SchedulingPolicy;
import dev.lepton.core.resource.Resources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A policy of the core ({@code dev.lepton.core.policy}) in the round model, decided by the same
 * {@link Allocator} the server runs: each round the active jobs become candidates (a running one on
 * the GPUs it holds, with the GPU-seconds it has attained; a waiting one since it arrived or was
 * stopped), the allocator plans, victims stop and starts take their GPUs, and it plans again at once
 * while a plan preempted, as the server does when victims stop. Jobs are gangs of their
 * {@code replicas} GPUs that the allocator may cut into per-node workers; durations are unknown.
 */
final class CorePolicy implements RoundPolicy {
    private final SchedulingPolicy policy;
    private final Allocator allocator = new Allocator(Placement.standard(), false);
    /** The cluster's nodes, built on the first round: a run's layout never changes. */
    private List<Node> nodes;

    CorePolicy(SchedulingPolicy policy) {
        this.policy = requireNonNull(policy, "policy is null");
    }

    @Override
    public Map<PolluxJob, Allocation> allocate(double now, List<PolluxJob> active, NodeLayout cluster) {
        Map<PolluxJob, Allocation> next = new LinkedHashMap<>();
        Map<String, PolluxJob> byName = new HashMap<>();
        for (PolluxJob job : active) {
            byName.put(job.spec().name(), job);
            next.put(job, job.allocation());
        }
        if (nodes == null) {
            nodes = nodes(cluster);
        }
        Set<PolluxJob> stopped = new HashSet<>();
        boolean preempted = true;
        while (preempted) {
            Round round = round(nodes, next, stopped, now);
            AllocationPlan plan = allocator.allocate(round.snapshot(), round.candidates(), policy, Admission.NONE, instant(now));
            for (AllocationPlan.Preemption p : plan.preemptions()) {
                PolluxJob victim = byName.get(p.victim().id());
                next.put(victim, Allocation.NONE);
                stopped.add(victim);
            }
            for (AllocationPlan.Start s : plan.starts()) {
                next.put(byName.get(s.candidate().id()), allocation(s.assignments()));
            }
            preempted = !plan.preemptions().isEmpty();
        }
        next.values().removeIf(Allocation::isEmpty);
        return next;
    }

    /** The cluster and the jobs as the allocator sees them at {@code now}, each job on the GPUs {@code next} gives it. */
    private record Round(ClusterSnapshot snapshot, List<Candidate> candidates) {}

    private static Round round(List<Node> nodes, Map<PolluxJob, Allocation> next, Set<PolluxJob> stoppedNow, double now) {
        int[] used = new int[nodes.size()];
        List<Candidate> candidates = new ArrayList<>(next.size());
        for (Map.Entry<PolluxJob, Allocation> e : next.entrySet()) {
            PolluxJob job = e.getKey();
            Allocation held = e.getValue();
            double since = stoppedNow.contains(job) ? now : job.since();
            Candidate waiting = new Candidate(job.spec().name(), "default", 0, instant(job.spec().arrival()),
                    new Resources(0, 0, job.spec().replicas()), 1, true, List.of(), instant(since), job.attainedGpuSeconds(),
                    Optional.empty(), true, true, Constraints.NONE);
            if (held.isEmpty()) {
                candidates.add(waiting);
                continue;
            }
            // GPUs are numbered per node in the order they are handed out; the round model does not tell them apart.
            Map<Integer, Integer> gpusByNode = new TreeMap<>();
            held.nodes().forEach(n -> gpusByNode.merge(n, 1, Integer::sum));
            List<Assignment> on = new ArrayList<>();
            gpusByNode.forEach((node, gpus) -> {
                List<Integer> indices = new ArrayList<>();
                for (int i = 0; i < gpus; i++) {
                    indices.add(used[node]++);
                }
                on.add(new Assignment(on.size(), name(node), indices));
            });
            // A candidate counts service from the start of its run; one started earlier in this round has just begun.
            boolean startedNow = !held.equals(job.allocation());
            double runStart = startedNow ? now : job.since();
            double before = Math.max(0, job.attainedGpuSeconds() - (now - runStart) * held.gpus());
            candidates.add(waiting.withAttained(before).runningOn(on, instant(runStart)));
        }
        List<NodeState> states = new ArrayList<>(nodes.size());
        for (int n = 0; n < nodes.size(); n++) {
            Set<Integer> inUse = new TreeSet<>();
            for (int i = 0; i < used[n]; i++) {
                inUse.add(i);
            }
            states.add(new NodeState(nodes.get(n), new Resources(0, 0, used[n]), inUse));
        }
        return new Round(new ClusterSnapshot(states), candidates);
    }

    /** Node {@code n} is named {@code "n" + n}: GPUs only, as the round model has them. */
    private static List<Node> nodes(NodeLayout cluster) {
        List<Node> nodes = new ArrayList<>(cluster.gpusPerNode().size());
        for (int n = 0; n < cluster.gpusPerNode().size(); n++) {
            int gpus = cluster.gpusPerNode().get(n);
            List<GpuDevice> devices = new ArrayList<>(gpus);
            for (int i = 0; i < gpus; i++) {
                devices.add(new GpuDevice(i, "GPU-" + name(n) + "-" + i, cluster.gpuModels().get(n), 0, 0));
            }
            nodes.add(new Node(name(n), new Resources(0, 0, gpus), devices, Map.of(), NodeCondition.READY));
        }
        return nodes;
    }

    private static String name(int node) {
        return "n" + node;
    }

    private static int index(String name) {
        return Integer.parseInt(name.substring(1));
    }

    private static Allocation allocation(List<Assignment> assignments) {
        List<Integer> nodes = new ArrayList<>();
        for (Assignment a : assignments) {
            int node = index(a.node());
            for (int i = 0; i < a.gpuIndices().size(); i++) {
                nodes.add(node);
            }
        }
        return new Allocation(nodes);
    }

    private static Instant instant(double seconds) {
        return Instant.ofEpochMilli(Math.round(seconds * 1000));
    }
}
