package dev.lepton.core.policy;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.placement.Assignment;
import dev.lepton.core.placement.ClusterSnapshot;
import dev.lepton.core.placement.Placement;
import dev.lepton.core.placement.PlacementOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides, as a pure function, which candidates start, which running ones are preempted and why the
 * rest wait. The recipe (see {@link AllocationPass} for each step):
 * <ol>
 *   <li>order the candidates by the policy at {@code now};</li>
 *   <li>walk them in order; running ones keep their place; for each waiting one: ask admission, check
 *       it could ever fit, honour an EASY reservation, then place it with the {@link Placement} pipeline
 *       on a shortlist of nodes found through a free-GPU index;</li>
 *   <li>if it does not fit and the policy preempts, free the smallest set of running jobs the policy
 *       lets it preempt (most expendable first), only if it then fits;</li>
 *   <li>if it still does not fit: stop (strict order), reserve (EASY) or go on (greedy).</li>
 * </ol>
 */
public final class Allocator {
    /** How many tightest-fitting nodes placement scores for a one-worker job. */
    static final int SHORTLIST = 4;

    private final Function<String, Placement> placementOfQueue;
    private final boolean explain;

    /** @param explain record a reason for every waiting candidate examined (the simulator does without) */
    public Allocator(Placement placement, boolean explain) {
        this(queue -> placement, explain);
        requireNonNull(placement, "placement is null");
    }

    /** Each queue's jobs placed by its own pipeline (its scorer weights). */
    public Allocator(Function<String, Placement> placementOfQueue, boolean explain) {
        this.placementOfQueue = requireNonNull(placementOfQueue, "placementOfQueue is null");
        this.explain = explain;
    }

    /** The standard placement pipeline, with reasons. */
    public static Allocator standard() {
        return new Allocator(Placement.standard(), true);
    }

    public AllocationPlan allocate(ClusterSnapshot snapshot, List<Candidate> candidates, SchedulingPolicy policy, Admission admission,
                                   Instant now) {
        List<Candidate> running = new ArrayList<>();
        List<Candidate> waiting = new ArrayList<>();
        for (Candidate c : requireNonNull(candidates, "candidates is null")) {
            (c.running() ? running : waiting).add(c);
        }
        return allocateInOrder(snapshot, running, sorted(waiting, policy, now), policy, admission, now);
    }

    /**
     * The same decision for a caller that keeps its waiting candidates sorted (the simulator, a
     * scheduler loop with a priority queue): {@code waitingInOrder} must already be in
     * {@code policy.order(now)}; it is read lazily and only as far as needed, so a long queue behind a
     * blocked head costs nothing.
     */
    public AllocationPlan allocateInOrder(ClusterSnapshot snapshot, List<Candidate> running, Iterable<Candidate> waitingInOrder,
                                          SchedulingPolicy policy, Admission admission, Instant now) {
        FreeCapacity capacity = FreeCapacity.of(requireNonNull(snapshot, "snapshot is null"));
        return new AllocationPass(this, capacity, running, null, waitingInOrder, policy, admission, now).run();
    }

    /**
     * The same decision on capacity and running jobs the caller keeps current: a plan that preempts
     * one job finds it without reading every running job. {@code running} must have been built for
     * this policy; the plan changes neither.
     */
    public AllocationPlan allocateInOrder(FreeCapacity capacity, RunningJobs running, Iterable<Candidate> waitingInOrder,
                                          SchedulingPolicy policy, Admission admission, Instant now) {
        return new AllocationPass(this, capacity, requireNonNull(running, "running is null").all(), running, waitingInOrder, policy,
                admission, now).run();
    }

    /** {@link #allocateInOrder(FreeCapacity, RunningJobs, Iterable, SchedulingPolicy, Admission, Instant)}, sorting {@code waiting} here. */
    public AllocationPlan allocate(FreeCapacity capacity, RunningJobs running, List<Candidate> waiting, SchedulingPolicy policy,
                                   Admission admission, Instant now) {
        return allocateInOrder(capacity, running, sorted(waiting, policy, now), policy, admission, now);
    }

    boolean explains() {
        return explain;
    }

    /** A sorted copy of {@code candidates} in the policy's order at {@code now}. */
    private static List<Candidate> sorted(List<Candidate> candidates, SchedulingPolicy policy, Instant now) {
        requireNonNull(policy, "policy is null");
        requireNonNull(now, "now is null");
        List<Candidate> waiting = new ArrayList<>(candidates);
        if (!(policy instanceof ClassRanked ranked)) {
            waiting.sort(policy.order(now));
            return waiting;
        }
        record Keyed(long rank, Candidate candidate) {}
        List<Keyed> keyed = new ArrayList<>(waiting.size());
        for (Candidate c : waiting) {
            keyed.add(new Keyed(ranked.rankClass(c, now), c));
        }
        keyed.sort((a, b) -> a.rank() != b.rank() ? Long.compare(a.rank(), b.rank())
                : Orders.FIRST_SUBMITTED.compare(a.candidate(), b.candidate()));
        for (int i = 0; i < keyed.size(); i++) {
            waiting.set(i, keyed.get(i).candidate());
        }
        return waiting;
    }

    /** Places one shape: on the shortlist first, then (if other filters refused it) on every node. */
    Optional<List<Assignment>> place(FreeCapacity free, Candidate job, Shape shape) {
        if (!free.couldHold(shape.perWorker(), shape.workers())) {
            return Optional.empty();
        }
        Placement placement = placementOfQueue.apply(job.queue());
        if (!placement.binPacks()) {
            // The shortlist holds the tightest fits, which only a bin-packing scorer would pick: let the scorer see every node.
            return placed(placement.place(free.snapshotOfAll(), shape.request(job.id(), job.constraints())));
        }
        List<Integer> shortlist = free.shortlist(shape.perWorker(), shape.workers(), SHORTLIST);
        PlacementOutcome outcome = placement.place(free.snapshotOf(shortlist), shape.request(job.id(), job.constraints()));
        if (!(outcome instanceof PlacementOutcome.Placed) && shortlist.size() < free.size()) {
            outcome = placement.place(free.snapshotOfAll(), shape.request(job.id(), job.constraints()));
        }
        return placed(outcome);
    }

    private static Optional<List<Assignment>> placed(PlacementOutcome outcome) {
        return switch (outcome) {
            case PlacementOutcome.Placed placed -> Optional.of(placed.assignments());
            case PlacementOutcome.Waiting waiting -> Optional.empty();
            case PlacementOutcome.Infeasible infeasible -> Optional.empty();
        };
    }
}
