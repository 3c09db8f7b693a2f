package dev.lepton.core.placement;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.node.Node;
import dev.lepton.core.resource.Accelerators;
import dev.lepton.core.resource.Quantities;
import dev.lepton.core.resource.Resources;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Places a gang of workers on a snapshot. The recipe, top to bottom:
 * <ol>
 *   <li>feasibility: would the gang fit if every node were idle and healthy? If not, {@link PlacementOutcome.Infeasible};</li>
 *   <li>for each worker: filter nodes on what is free now, score the rest, take the best, deduct;</li>
 *   <li>if any worker finds no node, {@link PlacementOutcome.Waiting} (all or none: nothing is kept).</li>
 * </ol>
 * A gang of GPU workers runs on GPUs of one model, as Kueue gives a pod set one resource flavour: its
 * data-parallel workers would otherwise all step at the pace of the slowest. On a cluster of several
 * models it is placed on each in turn and goes where its first worker scores best.
 */
public final class Placement {
    private final List<NodeFilter> feasibility;
    private final List<NodeFilter> availability;
    private final NodeScorer scorer;

    public Placement(List<NodeFilter> feasibility, List<NodeFilter> availability, NodeScorer scorer) {
        this.feasibility = List.copyOf(feasibility);
        this.availability = List.copyOf(availability);
        this.scorer = requireNonNull(scorer, "scorer is null");
    }

    /**
     * Labels, taints, tier, region, GPU model and resource fit decide what could ever run; health
     * and free resources what can run now (an unhealthy node may recover); then bin-packing.
     */
    public static Placement standard() {
        return scoredBy(Scorers.BIN_PACK);
    }

    /** The standard filters with another scorer, e.g. {@link Scorers#weighted} as a policy sets it. */
    public static Placement scoredBy(NodeScorer scorer) {
        return new Placement(Filters.FEASIBILITY, List.of(Filters.HEALTHY, Filters.FITS_FREE), scorer);
    }

    /** Does it rank nodes by bin-packing alone (so that the tightest fits are the only ones worth scoring)? */
    public boolean binPacks() {
        return scorer == Scorers.BIN_PACK;
    }

    public PlacementOutcome place(ClusterSnapshot cluster, PlacementRequest request) {
        List<NodeVerdict> capacityVerdicts = verdicts(cluster.nodes(), request, feasibility);
        List<String> models = gangModels(cluster, request, capacityVerdicts);
        Optional<String> never = neverFits(cluster, request, capacityVerdicts, models.size() > 1);
        if (never.isPresent()) {
            return new PlacementOutcome.Infeasible(never.get(), capacityVerdicts);
        }
        if (models.size() <= 1) {
            return placeOn(cluster, request, combined());
        }
        PlacementOutcome best = null;
        PlacementOutcome firstMiss = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (String model : models) {
            List<NodeFilter> filters = combined();
            filters.add(Filters.gpuModelOfGang(model));
            PlacementOutcome outcome = placeOn(cluster, request, filters);
            if (outcome instanceof PlacementOutcome.Placed placed) {
                String first = placed.assignments().getFirst().node();
                double score = outcome.verdicts().stream().filter(v -> v.node().equals(first)).findFirst().orElseThrow().score();
                if (score > bestScore) {
                    best = outcome;
                    bestScore = score;
                }
            } else if (firstMiss == null) {
                firstMiss = outcome;
            }
        }
        return best != null ? best : firstMiss;
    }

    /**
     * Why the gang could never run here, even on idle, healthy nodes ({@link #place}'s first step, without
     * scoring); empty when it could. It reads only what the nodes have, not what they hold now.
     */
    public Optional<String> neverFits(ClusterSnapshot cluster, PlacementRequest request) {
        List<NodeVerdict> capacityVerdicts = verdicts(cluster.nodes(), request, feasibility);
        return neverFits(cluster, request, capacityVerdicts, gangModels(cluster, request, capacityVerdicts).size() > 1);
    }

    /** Each worker in turn on the best node that {@code filters} let through. */
    private PlacementOutcome placeOn(ClusterSnapshot cluster, PlacementRequest request, List<NodeFilter> filters) {
        Resources perWorker = request.perWorker();
        List<NodeState> nodes = new ArrayList<>(cluster.nodes());
        List<Assignment> assignments = new ArrayList<>(request.workers());
        List<NodeVerdict> firstVerdicts = null;
        for (int rank = 0; rank < request.workers(); rank++) {
            List<NodeVerdict> verdicts = verdicts(nodes, request, filters);
            if (firstVerdicts == null) {
                firstVerdicts = verdicts;
            }
            Optional<NodeVerdict> best = verdicts.stream()
                    .filter(v -> v.rejection().isEmpty())
                    .max(Comparator.comparingDouble(NodeVerdict::score).thenComparing(NodeVerdict::node, Comparator.reverseOrder()));
            if (best.isEmpty()) {
                return new PlacementOutcome.Waiting(waitingSummary(request, rank, verdicts), verdicts);
            }
            int index = indexOf(nodes, best.get().node());
            NodeState chosen = nodes.get(index);
            List<Integer> gpus = chosen.pickGpus(perWorker.accelerators());
            nodes.set(index, chosen.take(perWorker, gpus));
            assignments.add(new Assignment(rank, chosen.name(), gpus));
        }
        return new PlacementOutcome.Placed(assignments, firstVerdicts);
    }

    /**
     * The GPU models a gang may run on: those of the nodes that may hold one of its workers, in the
     * order of their first node; none for one worker or a worker without GPUs.
     */
    private static List<String> gangModels(ClusterSnapshot cluster, PlacementRequest request, List<NodeVerdict> capacityVerdicts) {
        if (request.workers() < 2 || request.perWorker().gpus() == 0) {
            return List.of();
        }
        String first = null;
        Set<String> models = null; // only once a second model shows up: most clusters have one
        for (int i = 0; i < cluster.nodes().size(); i++) {
            Optional<String> gpuModel = cluster.nodes().get(i).node().gpuModel();
            if (gpuModel.isEmpty() || capacityVerdicts.get(i).rejection().isPresent()) {
                continue;
            }
            String model = gpuModel.get();
            if (first == null) {
                first = model;
            } else if (!first.equals(model)) {
                if (models == null) {
                    models = new LinkedHashSet<>(List.of(first));
                }
                models.add(model);
            }
        }
        return models != null ? List.copyOf(models) : first != null ? List.of(first) : List.of();
    }

    private List<NodeFilter> combined() {
        List<NodeFilter> all = new ArrayList<>(feasibility);
        all.addAll(availability);
        return all;
    }

    private List<NodeVerdict> verdicts(List<NodeState> nodes, PlacementRequest request, List<NodeFilter> filters) {
        List<NodeVerdict> verdicts = new ArrayList<>(nodes.size());
        for (NodeState node : nodes) {
            verdicts.add(verdict(node, request, filters));
        }
        return verdicts;
    }

    private NodeVerdict verdict(NodeState node, PlacementRequest request, List<NodeFilter> filters) {
        for (NodeFilter filter : filters) {
            Optional<String> why = filter.reject(node, request);
            if (why.isPresent()) {
                return NodeVerdict.rejected(node.name(), why.get());
            }
        }
        return NodeVerdict.scored(node.name(), scorer.score(node, request));
    }

    /** The gang can never run if no node may ever hold one worker, or all that may cannot together hold the gang. */
    /** @param byModel count the slots of one GPU model at a time: a gang of GPU workers on a cluster of several models */
    private static Optional<String> neverFits(ClusterSnapshot cluster, PlacementRequest request, List<NodeVerdict> verdicts, boolean byModel) {
        Resources perWorker = request.perWorker();
        if (cluster.nodes().isEmpty()) {
            return Optional.of("no nodes are registered");
        }
        if (verdicts.stream().allMatch(v -> v.rejection().isPresent())) {
            String shortfall = largestNodeShortfall(cluster, perWorker);
            String reasons = verdicts.stream().map(v -> v.rejection().orElseThrow()).distinct().limit(3)
                    .reduce((a, b) -> a + "; " + b).orElse("");
            return Optional.of("no node can ever hold one worker: " + (shortfall.isEmpty() ? reasons : shortfall));
        }
        Map<String, Long> slotsByModel = byModel ? new HashMap<>() : Map.of();
        long slots = 0;
        for (int i = 0; i < cluster.nodes().size(); i++) {
            if (verdicts.get(i).rejection().isEmpty()) {
                Node node = cluster.nodes().get(i).node();
                long here = Math.min(perWorker.timesIn(node.allocatable()), request.workers());
                if (byModel) {
                    slots = Math.max(slots, slotsByModel.merge(node.gpuModel().orElse(""), here, Long::sum));
                } else {
                    slots += here;
                }
            }
        }
        if (slots < request.workers()) {
            return Optional.of("needs " + request.workers() + " workers of " + perWorker + " but the nodes it may use can hold at most "
                    + slots + " at once" + (byModel ? " on GPUs of one model" : ""));
        }
        return Optional.empty();
    }

    /** Compares the request with the most each node offers, resource by resource (a node's health may come back). */
    private static String largestNodeShortfall(ClusterSnapshot cluster, Resources perWorker) {
        List<Resources> healthy = cluster.nodes().stream().map(n -> n.node().allocatable()).toList();
        long cpu = healthy.stream().mapToLong(Resources::cpuMillis).max().orElse(0);
        long memory = healthy.stream().mapToLong(Resources::memoryBytes).max().orElse(0);
        List<String> parts = new ArrayList<>();
        Accelerators wanted = perWorker.accelerators();
        for (int i = 0; i < wanted.size(); i++) {
            String name = wanted.name(i);
            int most = healthy.stream().mapToInt(r -> r.accelerator(name)).max().orElse(0);
            if (wanted.count(i) > most) {
                parts.add("needs " + wanted.count(i) + " " + name + " per worker, the largest node has " + most);
            }
        }
        if (perWorker.cpuMillis() > cpu) {
            parts.add("needs " + Quantities.formatCpu(perWorker.cpuMillis()) + " CPU per worker, the largest node has "
                    + Quantities.formatCpu(cpu));
        }
        if (perWorker.memoryBytes() > memory) {
            parts.add("needs " + Quantities.formatBytes(perWorker.memoryBytes()) + " memory per worker, the largest node has "
                    + Quantities.formatBytes(memory));
        }
        return String.join("; ", parts);
    }

    private static String waitingSummary(PlacementRequest request, int rank, List<NodeVerdict> verdicts) {
        String reasons = verdicts.stream().filter(v -> v.rejection().isPresent())
                .map(v -> v.node() + ": " + v.rejection().get()).distinct().limit(3)
                .reduce((a, b) -> a + "; " + b).orElse("");
        return request.workers() == 1
                ? "waiting for resources: " + reasons
                : "waiting for resources for worker " + rank + " of " + request.workers() + ": " + reasons;
    }

    private static int indexOf(List<NodeState> nodes, String name) {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("node vanished from snapshot: " + name);
    }
}
