package dev.lepton.server.scheduler;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.carbon.CarbonDeferral;
import dev.lepton.core.carbon.DeferralDecision;
import dev.lepton.core.carbon.Forecast;
import dev.lepton.core.carbon.Schedule;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobSchedule;
import dev.lepton.core.job.JobTransitions;
import dev.lepton.core.job.JobTransitions.Decision;
import dev.lepton.core.job.WaitCause;
import dev.lepton.core.node.Node;
import dev.lepton.core.placement.ClusterSnapshot;
import dev.lepton.core.placement.NodeState;
import dev.lepton.core.placement.NodeVerdict;
import dev.lepton.core.placement.Placement;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * When a submitted job with slack ({@code spec.schedule}) starts: {@link CarbonDeferral} over the forecast
 * for the regions of the nodes it could run on, idle (the best-scored node's region first). Empty for a
 * job without a window to move in, or that no node could ever hold (it waits in its queue as any other).
 * The decision is pure but for the forecast it reads: the loop decides on its thread, a dry run on the
 * caller's. The loop stages what it decides ({@link #submitted}) and releases jobs whose start has come
 * ({@link #release}).
 */
final class Deferral {
    private final Placement placement;
    private final Forecast forecast;

    Deferral(Placement placement, Forecast forecast) {
        this.placement = requireNonNull(placement, "placement is null");
        this.forecast = requireNonNull(forecast, "forecast is null");
    }

    Optional<DeferralDecision> decide(Job job, List<Node> nodes, Instant now) {
        boolean slack = job.spec().schedule().flatMap(s -> s.window(job.createdAt())).isPresent();
        return slack ? plan(job, nodes, now).map(StartPlan::decision) : Optional.empty();
    }

    /**
     * Where and when the job would start were it placed now on idle nodes, and for how long it is expected to run:
     * {@code spec.schedule.expectedDuration}, else {@code spec.maxDuration}, else an hour. A job without slack starts now.
     * Empty when no node could ever hold it.
     */
    Optional<StartPlan> plan(Job job, List<Node> nodes, Instant now) {
        List<Node> ranked = ranked(job, nodes);
        if (ranked.isEmpty()) {
            return Optional.empty();
        }
        Optional<Duration> expected = job.spec().schedule().flatMap(JobSchedule::expectedDuration);
        Duration duration = expected.or(() -> job.spec().maxDuration()).orElse(Duration.ofHours(1));
        String basis = expected.isPresent() ? "spec.schedule.expectedDuration"
                : job.spec().maxDuration().isPresent() ? "spec.maxDuration" : "one hour (the job gives no expectedDuration or maxDuration)";
        Schedule window = job.spec().schedule().flatMap(s -> s.window(job.createdAt())).orElse(new Schedule(duration, now));
        DeferralDecision decision = CarbonDeferral.decide(now, window, ranked.stream().map(Node::region).distinct().toList(), forecast);
        Node node = ranked.stream().filter(n -> n.region().equals(decision.region())).findFirst().orElseThrow();
        return Optional.of(new StartPlan(decision, node, duration, basis));
    }

    /**
     * A submitted job with {@code spec.schedule}: deferred, with its one timer at the chosen start, when the
     * forecast chooses a start later than now; else it stays queued and says why.
     */
    void submitted(LoopState state, Batch changes, Job job, List<Node> nodes, Instant now) {
        Optional<DeferralDecision> decided = decide(job, nodes, now);
        if (decided.isEmpty()) {
            return;
        }
        DeferralDecision decision = decided.get();
        if (decision.deferred()) {
            state.stage(changes, Decision.of(JobTransitions.defer(job, decision.start(), decision.reason())), "Deferred",
                    "a later start has a lower carbon forecast", Optional.empty());
        } else {
            String why = "waiting in queue " + job.spec().queue() + " (" + decision.reason() + ")";
            state.stage(changes, Decision.of(JobTransitions.waiting(job, WaitCause.QUEUED, why)), "NotDeferred", "not deferred",
                    Optional.empty());
        }
    }

    /**
     * Jobs stored before a crash that the loop never took: queued, never started, with a schedule and no
     * wait cause yet (every decision, to defer or not, and every release sets one). Decided now, as at submission.
     */
    void undecided(LoopState state, Batch changes, List<Node> nodes, Instant now) {
        List<Job> undecided = state.queued().stream().filter(j -> j.status().epoch() == 0 && j.status().waitCause().isEmpty()
                && j.spec().schedule().flatMap(s -> s.window(j.createdAt())).isPresent()).toList();
        for (Job job : undecided) {
            submitted(state, changes, job, nodes, now);
        }
    }

    /** Deferred jobs whose chosen start has come go back to their queue, to be placed this turn; answers whether any did. */
    boolean release(LoopState state, Batch changes, Instant now) {
        List<Job> due = state.deferred().stream().filter(j -> j.status().notBefore().map(t -> !t.isAfter(now)).orElse(true)).toList();
        for (Job job : due) {
            state.stage(changes, Decision.of(JobTransitions.release(job)), "Released", "released at its chosen start", Optional.empty());
        }
        return !due.isEmpty();
    }

    /** The nodes that could hold a worker of the job were they idle, best-scored first. */
    private List<Node> ranked(Job job, List<Node> nodes) {
        ClusterSnapshot idle = new ClusterSnapshot(nodes.stream().map(NodeState::idle).toList());
        Map<String, Node> byName = nodes.stream().collect(Collectors.toMap(Node::name, n -> n, (a, b) -> a));
        List<NodeVerdict> verdicts = placement.place(idle, PlanApplication.request(job)).verdicts();
        return verdicts.stream().filter(v -> v.rejection().isEmpty())
                .sorted(Comparator.comparingDouble(NodeVerdict::score).reversed())
                .map(v -> byName.get(v.node())).filter(n -> n != null).toList();
    }
}
