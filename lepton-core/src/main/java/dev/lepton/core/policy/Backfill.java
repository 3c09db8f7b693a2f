package dev.lepton.core.policy;

/** What happens behind a candidate that does not fit. */
public enum Backfill {
    /** Strict order: nothing behind it starts (FIFO without backfill). */
    NONE,
    /**
     * EASY: the first candidate that does not fit gets a reservation at the earliest time enough GPUs
     * free up (from running jobs' expected ends); a later one starts now only if it ends before then or
     * fits in the GPUs the reservation leaves over.
     */
    EASY,
    /** Work-conserving: anything that fits starts (as Tiresias does); large gangs may wait long. */
    GREEDY
}
