package dev.lepton.core.job;

import java.time.Duration;
import java.time.Instant;

/**
 * The span of time the scheduler reckons in. A deadline or a retry time computed from a job's
 * durations is clamped to it, so that no spec, however absurd, can make the arithmetic of a
 * scheduler turn overflow: past the end means never, before the start means at once.
 */
public final class Horizon {
    /** Later than any deadline a job can have; its epoch milliseconds still fit a long. */
    public static final Instant END = Instant.parse("9999-12-31T23:59:59Z");

    private Horizon() {}

    /** {@code at + duration}, no later than {@link #END} and no earlier than the epoch. */
    public static Instant plus(Instant at, Duration duration) {
        if (duration.compareTo(Duration.between(at, END)) >= 0) {
            return END;
        }
        if (duration.compareTo(Duration.between(at, Instant.EPOCH)) <= 0) {
            return Instant.EPOCH;
        }
        return at.plus(duration);
    }
}
