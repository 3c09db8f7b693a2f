package dev.lepton.core.policy;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.placement.Assignment;
import dev.lepton.core.resource.Accelerators;
import dev.lepton.core.policy.AllocationPlan.Cause;
import dev.lepton.core.policy.AllocationPlan.Preemption;
import dev.lepton.core.policy.AllocationPlan.Start;
import dev.lepton.core.policy.AllocationPlan.Waiting;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/** One run of the {@link Allocator}: the scratch state of a single plan, thrown away afterwards. */
final class AllocationPass {
    private final Allocator allocator;
    private final FreeCapacity free;
    private final Collection<Candidate> running;
    /** The same running jobs in victim order, when the caller keeps them so (else null). */
    private final RunningJobs inVictimOrder;
    private final Iterable<Candidate> waitingInOrder;
    private final SchedulingPolicy policy;
    private final Admission admission;
    private final Instant now;

    private final List<Start> starts = new ArrayList<>();
    private final List<Preemption> preemptions = new ArrayList<>();
    private final List<Waiting> waiting = new ArrayList<>();
    /** Running jobs preempted in this plan so far (by identity): no longer possible victims. */
    private final Set<Candidate> preempted = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Whether any running job may be preempted at all, found on first need. */
    private Boolean anyVictims;
    /** Running after this plan so far: what an EASY reservation counts on (kept only under EASY). */
    private final List<Candidate> runningAfter = new ArrayList<>();
    private final boolean keepsRunningAfter;
    private Optional<String> stoppedAt = Optional.empty();
    /** Lines (see {@link Admission#line}) held by a candidate that did not fit, under a strict policy. */
    private final Set<String> heldLines = new HashSet<>();
    private Reservation reservation;
    /**
     * No candidate needing this many GPUs or more can start any more in this plan: free plus
     * preemptible GPUs only shrink as the plan goes on, and whom a candidate may preempt shrinks
     * along the order (policies' preemption rules are monotone in their order).
     */
    private int hopelessGpus = Integer.MAX_VALUE;

    AllocationPass(Allocator allocator, FreeCapacity free, Collection<Candidate> running, RunningJobs inVictimOrder,
                   Iterable<Candidate> waitingInOrder, SchedulingPolicy policy, Admission admission, Instant now) {
        this.allocator = allocator;
        this.free = requireNonNull(free, "capacity is null");
        this.running = requireNonNull(running, "running is null");
        this.inVictimOrder = inVictimOrder != null && inVictimOrder.policy() == policy ? inVictimOrder : null;
        this.waitingInOrder = requireNonNull(waitingInOrder, "waitingInOrder is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.admission = requireNonNull(admission, "admission is null");
        this.now = requireNonNull(now, "now is null");
        this.keepsRunningAfter = policy.backfill() == Backfill.EASY;
    }

    /** The plan; the capacity is left as it was found. */
    AllocationPlan run() {
        int mark = free.mark();
        try {
            return plan();
        } finally {
            free.rollback(mark);
        }
    }

    private AllocationPlan plan() {
        if (keepsRunningAfter) {
            runningAfter.addAll(running);
        }
        WaitingLine line = waitingInOrder instanceof WaitingLine l ? l : null;
        // Without reasons to record, the plan ends once every candidate left is hopeless.
        NavigableMap<Integer, Integer> unread = line != null && !allocator.explains() ? new TreeMap<>(line.countByGpus()) : null;
        boolean afterReservation = !allocator.explains() && !admission.limits() && policy.backfill() == Backfill.EASY;
        Iterable<Candidate> inOrder = line != null && afterReservation ? () -> line.iterator(new Bound(true)) : admission.order(waitingInOrder);
        if (line != null && !afterReservation && inOrder == waitingInOrder) {
            // A line read in the policy's own order may pass over the rest of a queue whose line is held.
            inOrder = () -> line.iterator(new Bound(false));
        }
        for (Candidate c : inOrder) {
            if (!decide(c)) {
                break;
            }
            if (unread != null) {
                unread.computeIfPresent(c.gpus(), (gpus, count) -> count == 1 ? null : count - 1);
                if (!unread.isEmpty() && unread.firstKey() >= hopelessGpus) {
                    break;
                }
            }
        }
        return new AllocationPlan(starts, preemptions, waiting, stoppedAt);
    }

    /**
     * Who may still start, for a line that can pass over those who may not. A candidate of a held line waits behind its
     * head and is told nothing (its wait is the line's), so the line may pass over the rest of its queue. Under EASY
     * ({@code afterReservation}), once the head's reservation is made, a candidate that does not start leaves no trace
     * either (an EASY policy holds no line, and the plan records no reasons): the line may pass over those that need
     * too many GPUs, or would run past the reservation on GPUs the head needs.
     */
    private final class Bound implements WaitingLine.StartBound {
        private final boolean afterReservation;

        Bound(boolean afterReservation) {
            this.afterReservation = afterReservation;
        }

        @Override
        public int hopelessGpus() {
            return !afterReservation || reservation == null ? Integer.MAX_VALUE : hopelessGpus;
        }

        @Override
        public int spareGpus() {
            return !afterReservation || reservation == null ? Integer.MAX_VALUE : reservation.extraGpus();
        }

        @Override
        public double endsWithinSeconds() {
            return !afterReservation || reservation == null ? Double.POSITIVE_INFINITY : reservation.shadowSeconds();
        }

        @Override
        public boolean lineHeld(Candidate candidate) {
            return !heldLines.isEmpty() && heldLines.contains(admission.line(candidate));
        }
    }

    /** Decides one waiting candidate; false when nothing behind it may start. */
    private boolean decide(Candidate c) {
        if (!heldLines.isEmpty() && heldLines.contains(admission.line(c))) {
            wait(c, Cause.ORDER, "waits behind the head of its queue");
            return true;
        }
        if (!anyVictims() && (free.totalFreeGpus() == 0 || !admission.limits())) {
            // Nothing can be freed, so no one needs more than is free (under quotas, once nothing is: their refusals say more).
            hopelessGpus = Math.min(hopelessGpus, free.totalFreeGpus() + 1);
        }
        if (c.gpus() > 0 && c.gpus() >= hopelessGpus) {
            // It cannot start either way; whether it ever could matters to its reason and to whom it holds back.
            if ((allocator.explains() || holdsOthersOnMiss(c)) && Shape.of(c, free).isEmpty()) {
                return infeasible(c);
            }
            if (allocator.explains()) {
                wait(c, Cause.RESOURCES, "needs " + devices(c) + "; no room is free or can be made");
            }
            return afterMiss(c);
        }
        return consider(c);
    }

    /** Tries one waiting candidate; false when it holds the line and nothing behind it may start. */
    private boolean consider(Candidate c) {
        Optional<String> refusal = admission.refuse(c);
        if (refusal.isPresent()) {
            // Over its queue's quota: it may still preempt lower-ranked work of its own queue (the policy
            // permitting), or work of a queue that borrows a larger share of their cohort.
            List<Shape> shapes = c.canPreempt() && admission.limits() ? Shape.of(c, free) : List.of();
            if (shapes.isEmpty() || !preemptFor(c, shapes)) {
                wait(c, Cause.ADMISSION, refusal.get());
                if (admission.limits() && policy.holdsTheLine(c, now)) {
                    // Strict order: jobs behind it in its queue must not take the quota it waits for, as they may not take its room.
                    holdLine(c);
                }
            }
            return true;
        }
        List<Shape> shapes = Shape.of(c, free);
        if (shapes.isEmpty()) {
            return infeasible(c);
        }
        if (reservation != null && !reservation.allows(c, now)) {
            wait(c, Cause.RESERVATION, reservation.describe());
            return true;
        }
        if (c.gpus() < hopelessGpus || c.gpus() == 0) {
            Optional<List<Assignment>> placed = place(c, shapes);
            if (placed.isPresent()) {
                start(c, placed.get());
                return true;
            }
            if ((policy.preemptive() || admission.limits()) && c.canPreempt() && preemptFor(c, shapes)) {
                return true;
            }
        }
        if (allocator.explains()) {
            String room = c.gpus() > 0 ? "needs " + devices(c) + " as " + shapes.get(0).workers() + " worker(s); "
                    + (free.countsExactly(c.perWorker()) ? free.totalFreeGpus() + " free" : "no room is free")
                    : "needs " + shapes.get(0).workers() + " worker(s) of " + shapes.get(0).perWorker() + "; no room is free";
            wait(c, Cause.RESOURCES, room + ((policy.preemptive() || admission.limits()) && c.canPreempt() ? ", and preempting would not make room" : ""));
        }
        return afterMiss(c);
    }

    /** The gang's accelerators in words: {@code 8 GPUs} for NVIDIA GPUs, as specs ask for them; others by resource name. */
    private static String devices(Candidate c) {
        Accelerators gang = c.perWorker().accelerators().times(c.workers());
        if (Accelerators.NVIDIA_GPU.equals(gang.soleName())) {
            return c.gpus() + " GPUs";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < gang.size(); i++) {
            out.append(i == 0 ? "" : " and ").append(gang.count(i)).append(' ').append(gang.name(i));
        }
        return out.toString();
    }

    /** A candidate the cluster could never hold waits without holding anyone back. */
    private boolean infeasible(Candidate c) {
        boolean gang = (c.workers() > 1 || c.reshapeable()) && c.gpus() > 0;
        wait(c, Cause.INFEASIBLE, "needs " + c.workers() + " worker(s) of " + c.perWorker() + "; the cluster can never hold that"
                + (gang && free.mixedModels() ? " on GPUs of one model" : ""));
        return true;
    }

    /** Would {@link #afterMiss} hold anyone back for {@code c}: its line, or the EASY reservation? */
    private boolean holdsOthersOnMiss(Candidate c) {
        return policy.backfill() == Backfill.EASY && reservation == null || policy.holdsTheLine(c, now);
    }

    /** What a candidate that did not fit means for those behind it. */
    private boolean afterMiss(Candidate c) {
        if (policy.holdsTheLine(c, now)) {
            holdLine(c);
            return admission.limits(); // without quotas there is one line: nothing behind may start
        }
        if (policy.backfill() == Backfill.EASY && reservation == null) {
            reservation = Reservation.forHead(c, free.totalFree(), runningAfter, now).orElse(null);
            if (reservation == null) {
                stoppedAt = Optional.of(c.id() + " cannot be given a reservation (a running job's end is unknown)");
                return false;
            }
        }
        return true;
    }

    /** Under a strict policy, {@code c} did not start: the rest of its line waits behind it. */
    private void holdLine(Candidate c) {
        String line = admission.line(c);
        if (stoppedAt.isEmpty()) {
            stoppedAt = Optional.of(c.id() + " holds the line" + (line.isEmpty() ? "" : " of queue " + line) + " (" + policy.name() + ")");
        }
        heldLines.add(line);
    }

    private Optional<List<Assignment>> place(Candidate c, List<Shape> shapes) {
        for (Shape shape : shapes) {
            Optional<List<Assignment>> placed = allocator.place(free, c, shape);
            if (placed.isPresent()) {
                return placed;
            }
        }
        return Optional.empty();
    }

    private boolean fitsSomeShape(List<Shape> shapes) {
        for (Shape shape : shapes) {
            if (free.couldHold(shape.perWorker(), shape.workers())) {
                return true;
            }
        }
        return false;
    }

    private void start(Candidate c, List<Assignment> assignments) {
        Shape shape = new Shape(Shape.perAssignment(c, assignments.size()), assignments.size());
        for (Assignment a : assignments) {
            free.take(a, shape.perWorker());
        }
        Candidate started = c.runningOn(assignments, now);
        starts.add(new Start(c, assignments));
        if (keepsRunningAfter) {
            runningAfter.add(started);
        }
        admission.admitted(c);
        if (reservation != null) {
            reservation.started(c, now);
        }
    }

    /**
     * Frees the best set of victims that lets {@code c} fit ({@link VictimSearch}), among the running
     * jobs the policy lets it preempt and those its queue reclaims quota from, less those that quotas
     * protect. Nothing is preempted unless {@code c} is then placed.
     */
    private boolean preemptFor(Candidate c, List<Shape> shapes) {
        if (inVictimOrder != null && !admission.limits() && preemptOneFor(c, shapes)) {
            return true;
        }
        List<Candidate> pool = new ArrayList<>();
        // By identity: candidates are records, and their equality compares every field.
        Set<Candidate> policyAllows = Collections.newSetFromMap(new IdentityHashMap<>());
        Map<Candidate, Admission.Stance> quotaStances = new IdentityHashMap<>();
        long poolGpus = 0;
        Predicate<Candidate> mayPreempt = policy.preemptive() ? policy.victimsOf(c, now) : v -> false;
        for (Candidate v : running) {
            if (!v.canBePreempted() || !preempted.isEmpty() && preempted.contains(v)) {
                continue;
            }
            boolean byPolicy = mayPreempt.test(v);
            boolean reclaims = false;
            if (admission.limits()) {
                Admission.Stance stance = admission.stance(c, v);
                byPolicy &= stance != Admission.Stance.PROTECTED;
                reclaims = (stance == Admission.Stance.RECLAIM || stance == Admission.Stance.REBALANCE) && !byPolicy;
                if (byPolicy) {
                    policyAllows.add(v);
                } else if (reclaims) {
                    quotaStances.put(v, stance);
                }
            }
            if (byPolicy || reclaims) {
                pool.add(v);
                poolGpus += v.gpus();
            }
        }
        if (free.totalFreeGpus() + poolGpus < c.gpus()) {
            if (!admission.limits()) {
                // Whom later candidates may preempt only shrinks: none of them needing more than this can start.
                hopelessGpus = (int) Math.min(hopelessGpus, free.totalFreeGpus() + poolGpus + 1);
            }
            return false;
        }
        if (pool.isEmpty()) {
            return false; // nobody to stop: what the search would find, without asking again whether the job fits
        }
        Predicate<Candidate> alone = oneNode(shapes) ? v -> couldMakeRoomAlone(v, c.gpus()) : null;
        BooleanSupplier fits = admission.limits() ? () -> fitsSomeShape(shapes) && admission.refuse(c).isEmpty() : () -> fitsSomeShape(shapes);
        Predicate<Candidate> eligible = !admission.limits() ? v -> true : v -> switch (admission.stance(c, v)) {
            case RECLAIM, REBALANCE -> true;
            case POLICY -> policyAllows.contains(v);
            case PROTECTED -> false;
        };
        List<Candidate> chosen = new VictimSearch(policy, now, this::release, this::retake, fits, eligible)
                .best(pool, alone);
        return chosen != null && preemptAndStart(c, shapes, chosen, quotaStances);
    }

    /** Stops the victims and starts {@code c} in their room; nothing changes unless {@code c} is then placed. */
    private boolean preemptAndStart(Candidate c, List<Shape> shapes, List<Candidate> victims, Map<Candidate, Admission.Stance> quotaStances) {
        victims.forEach(this::release);
        Optional<List<Assignment>> placed = place(c, shapes);
        if (placed.isEmpty()) {
            victims.forEach(this::retake);
            return false;
        }
        for (Candidate v : victims) {
            // The plan names the beneficiary beside each reason, so the reason need not.
            preempt(v, c, switch (quotaStances.getOrDefault(v, Admission.Stance.POLICY)) {
                case RECLAIM -> "queue " + c.queue() + " reclaims the quota it lent to queue " + v.queue();
                case REBALANCE -> "queue " + v.queue() + " borrows a larger share of the cohort than queue " + c.queue()
                        + " would with it (fair sharing)";
                default -> "it ranks above this job under " + policy.name() + " and needs "
                        + (v.gpus() > 0 ? "its " + v.gpus() + " GPU(s)" : "its room (" + v.perWorker() + " per worker)");
            });
        }
        start(c, placed.get());
        return true;
    }

    /**
     * The search's quick answers, from the caller's jobs kept in victim order: the single most
     * expendable job the policy lets {@code c} preempt, if it makes room alone; else, for a request on
     * one node, the most expendable job of that same (lowest) class that makes room alone. Either is
     * what {@link VictimSearch} would choose, found without a pass over every running job. When
     * neither exists, nothing changes and the full search runs.
     */
    private boolean preemptOneFor(Candidate c, List<Shape> shapes) {
        Predicate<Candidate> mayPreempt = policy.victimsOf(c, now);
        Predicate<Candidate> eligible = v -> v.canBePreempted() && (preempted.isEmpty() || !preempted.contains(v)) && mayPreempt.test(v);
        Candidate first = null;
        for (Iterator<Candidate> it = inVictimOrder.inVictimOrder(now); it.hasNext() && first == null; ) {
            Candidate v = it.next();
            first = eligible.test(v) ? v : null;
        }
        if (first == null) {
            return false;
        }
        Candidate single = makesRoomAlone(first, shapes) ? first : null;
        if (single == null && oneNode(shapes)) {
            int fewest = c.gpus() - free.roomiestFreeGpus();
            for (Iterator<Candidate> it = inVictimOrder.inClass(policy.victimClass(first, now), fewest, now); it.hasNext() && single == null; ) {
                Candidate v = it.next();
                single = eligible.test(v) && couldMakeRoomAlone(v, c.gpus()) && makesRoomAlone(v, shapes) ? v : null;
            }
        }
        return single != null && preemptAndStart(c, shapes, List.of(single), Map.of());
    }

    private boolean makesRoomAlone(Candidate victim, List<Shape> shapes) {
        release(victim);
        boolean fit = fitsSomeShape(shapes);
        retake(victim);
        return fit;
    }

    private static boolean oneNode(List<Shape> shapes) {
        return shapes.stream().allMatch(shape -> shape.workers() == 1);
    }

    /** A cheap necessary test: could stopping {@code v} alone free {@code gpus} GPUs on one of its nodes? */
    private boolean couldMakeRoomAlone(Candidate v, int gpus) {
        int each = Shape.perAssignment(v, v.assignments().size()).gpus();
        for (Assignment a : v.assignments()) {
            if (each + free.freeGpusOn(a.node()) >= gpus) {
                return true;
            }
        }
        return false;
    }

    private boolean anyVictims() {
        if (anyVictims == null) {
            anyVictims = false;
            if (policy.preemptive() || admission.limits()) {
                for (Candidate c : running) {
                    if (c.canBePreempted()) {
                        anyVictims = true;
                        break;
                    }
                }
            }
        }
        return anyVictims && preempted.size() < running.size();
    }

    private void preempt(Candidate victim, Candidate beneficiary, String reason) {
        preempted.add(victim);
        if (keepsRunningAfter) {
            runningAfter.removeIf(r -> r.id().equals(victim.id()));
        }
        preemptions.add(new Preemption(victim, beneficiary.id(), reason));
    }

    /** Frees a running job's room and quota, while victims are tried and once they are chosen. */
    private void release(Candidate v) {
        var each = Shape.perAssignment(v, v.assignments().size());
        for (Assignment a : v.assignments()) {
            free.release(a, each);
        }
        admission.released(v);
    }

    /** Undoes {@link #release}. */
    private void retake(Candidate v) {
        var each = Shape.perAssignment(v, v.assignments().size());
        for (Assignment a : v.assignments()) {
            free.take(a, each);
        }
        admission.admitted(v);
    }

    private void wait(Candidate c, Cause cause, String reason) {
        if (allocator.explains()) {
            waiting.add(new Waiting(c.id(), cause, reason));
        }
    }
}
