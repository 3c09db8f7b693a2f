package dev.lepton.server.scheduler;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.job.Job;
import dev.lepton.core.job.WaitCause;
import dev.lepton.core.placement.ClusterSnapshot;
import dev.lepton.core.placement.NodeState;
import dev.lepton.core.placement.NodeVerdict;
import dev.lepton.core.placement.Placement;
import dev.lepton.core.placement.PlacementRequest;
import dev.lepton.core.placement.Scoring;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What the scheduler decided about each waiting job, and what every node said at that moment, as
 * Nomad keeps every rejection and score with an evaluation: {@code lepton job explain} shows this
 * record rather than working the answer out again. The loop writes an entry when a job's reason to
 * wait changes and drops it when the job leaves its queue; any thread reads. The nodes' verdicts are
 * worked out when asked, from the snapshot the decision was made on (immutable, shared by the decisions of
 * one turn): ten thousand jobs waiting on five thousand nodes would otherwise cost fifty million verdicts
 * a turn, nearly all of them never read.
 */
public final class Decisions {
    /** One node as placement saw it: why it was ruled out, or its score and each weighted scorer's part of it. */
    public record NodeDecision(String node, Optional<String> rejection, double score, Map<String, Double> parts) {
        public NodeDecision {
            requireNonNull(node, "node is null");
            requireNonNull(rejection, "rejection is null");
            parts = Map.copyOf(parts);
        }
    }

    /** Why the job waits, as decided at {@code at}, with every node's verdict then, worked out when read. */
    public record Decided(WaitCause cause, String reason, Instant at, Supplier<List<NodeDecision>> verdicts) {
        public Decided {
            requireNonNull(cause, "cause is null");
            requireNonNull(reason, "reason is null");
            requireNonNull(at, "at is null");
            requireNonNull(verdicts, "verdicts is null");
        }

        public List<NodeDecision> nodes() {
            return verdicts.get();
        }
    }

    private final Map<String, Decided> byJob = new ConcurrentHashMap<>();
    private final Function<String, Placement> placementFor;
    private final Function<String, Scoring> scoringFor;
    private final Supplier<Map<String, Double>> carbonByRegion;

    Decisions(Function<String, Placement> placementFor, Function<String, Scoring> scoringFor, Supplier<Map<String, Double>> carbonByRegion) {
        this.placementFor = requireNonNull(placementFor, "placementFor is null");
        this.scoringFor = requireNonNull(scoringFor, "scoringFor is null");
        this.carbonByRegion = requireNonNull(carbonByRegion, "carbonByRegion is null");
    }

    public Optional<Decided> of(String jobUid) {
        return Optional.ofNullable(byJob.get(jobUid));
    }

    /** Records why the job waits, and what placement will say of each node on the same snapshot the plan saw. */
    void record(Job job, WaitCause cause, String reason, ClusterSnapshot snapshot, Instant at) {
        PlacementRequest request = PlanApplication.request(job);
        Placement placement = placementFor.apply(job.spec().queue());
        Scoring scoring = scoringFor.apply(job.spec().queue());
        Map<String, Double> carbon = carbonByRegion.get();
        byJob.put(job.uid(), new Decided(cause, reason, at, () -> verdicts(placement, scoring, carbon, snapshot, request)));
    }

    private static List<NodeDecision> verdicts(Placement placement, Scoring scoring, Map<String, Double> carbon, ClusterSnapshot snapshot,
                                               PlacementRequest request) {
        List<NodeVerdict> verdicts = placement.place(snapshot, request).verdicts();
        Map<String, NodeState> byName = snapshot.nodes().stream().collect(Collectors.toMap(NodeState::name, n -> n));
        return verdicts.stream().map(v -> new NodeDecision(v.node(), v.rejection(), v.score(),
                v.rejection().isPresent() ? Map.of() : scoring.parts(byName.get(v.node()), request, () -> carbon))).toList();
    }

    void forget(String jobUid) {
        byJob.remove(jobUid);
    }

    void clear() {
        byJob.clear();
    }
}
