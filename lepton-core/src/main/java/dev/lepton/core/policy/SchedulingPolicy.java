package dev.lepton.core.policy;

import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A named scheduling policy: the order in which candidates are considered at a moment, whether a
 * waiting candidate may take a running one's place, and what happens behind one that does not fit.
 * Policies hold no state; everything they rank by is in the {@link Candidate}.
 */
public interface SchedulingPolicy {
    String name();

    /** The order of candidates at {@code now}, first considered first. Must be a total order (ties broken by id). */
    Comparator<Candidate> order(Instant now);

    boolean preemptive();

    Backfill backfill();

    /**
     * May {@code preemptor} stop {@code victim} to fit? Only asked of preemptive policies, and only for
     * candidates that allow it. Must imply that the preemptor comes before the victim in {@link #order},
     * so that two jobs never take turns preempting each other, and be monotone along the order: whom a
     * candidate may preempt, any candidate ahead of it may preempt too.
     */
    default boolean mayPreempt(Candidate preemptor, Candidate victim, Instant now) {
        return false;
    }

    /** {@link #mayPreempt} with the preemptor fixed, for a pass over many running jobs. */
    default Predicate<Candidate> victimsOf(Candidate preemptor, Instant now) {
        return victim -> mayPreempt(preemptor, victim, now);
    }

    /**
     * How valuable a running job is as a victim, in classes: preemption never stops a job of a higher
     * class when jobs of lower classes would make the room, and within a class stops the job that
     * loses the least progress first. The user's priority by default.
     */
    default long victimClass(Candidate candidate, Instant now) {
        return candidate.priority();
    }

    /** Does this candidate, not fitting, stop everything behind it, whatever {@link #backfill()} says? */
    default boolean holdsTheLine(Candidate candidate, Instant now) {
        return backfill() == Backfill.NONE;
    }

    /**
     * Can waiting candidates change places with one another as time passes (a promotion after a long
     * wait)? When not, a caller may keep its queue sorted once and use {@link Allocator#allocateInOrder}.
     */
    default boolean waitingOrderChangesWithTime() {
        return false;
    }

    /**
     * When the candidate's standing in {@link #order} may change with no event (a running job crossing
     * a service threshold, a waiting one being promoted): the simulator and the loop re-plan then.
     */
    default Optional<Instant> nextReorder(Candidate candidate, Instant now) {
        return Optional.empty();
    }
}
