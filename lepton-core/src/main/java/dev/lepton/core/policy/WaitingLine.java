package dev.lepton.core.policy;

import java.util.Iterator;
import java.util.NavigableMap;

/**
 * Waiting candidates in the policy's order (for {@link Allocator#allocateInOrder}) that also know how
 * many of them need each number of GPUs. A plan that records no reasons stops reading once none of
 * the candidates left could start, and may let the line pass over those it knows cannot: a long queue
 * behind a full cluster, or behind an EASY reservation, costs little, whatever the policy. A line that
 * keeps each queue's candidates apart may pass over the rest of a queue whose head holds its line, reasons
 * or not: a deep queue at its quota costs its head, not its length.
 */
public interface WaitingLine extends Iterable<Candidate> {
    /** How many waiting candidates need each number of GPUs (over all their workers); read once per plan. */
    NavigableMap<Integer, Integer> countByGpus();

    /**
     * The candidates in order, less any that {@code bound} rules out when the plan reaches them; the
     * bound tightens as the plan goes on. A line that can pass over such candidates without looking
     * at each one overrides this.
     */
    default Iterator<Candidate> iterator(StartBound bound) {
        return iterator();
    }

    /**
     * Who may still start, as a plan goes on: a candidate that needs {@code g} GPUs in all and has
     * {@code r} seconds left to run (infinite when unknown) can start only if {@code g < hopelessGpus()}
     * and either {@code g <= spareGpus()} or {@code r <= endsWithinSeconds()}. A plan bounds GPUs and time
     * only where a candidate that does not start changes nothing (no reasons recorded, no line held, the
     * EASY reservation already made); it says which lines are held ({@link #lineHeld}) under any policy.
     */
    interface StartBound {
        int hopelessGpus();

        int spareGpus();

        double endsWithinSeconds();

        /**
         * Is {@code candidate}'s line held (a strict policy's head of its queue did not start)? Then neither it nor
         * anyone after it in its own queue starts in this plan, and none of them is told why: a line that keeps its
         * queues apart may pass over the rest of that queue.
         */
        default boolean lineHeld(Candidate candidate) {
            return false;
        }
    }
}
