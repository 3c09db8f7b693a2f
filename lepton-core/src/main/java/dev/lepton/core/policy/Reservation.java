package dev.lepton.core.policy;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * EASY backfilling's promise to the first candidate that does not fit: it starts at {@code shadow},
 * when running jobs' expected ends have freed enough GPUs. A later candidate may start now if it ends
 * by then, or if it fits in the {@code extra} GPUs the head will not need. GPUs are counted as a pool,
 * as EASY counts processors; fragmentation may still delay the head a little.
 */
final class Reservation {
    private final String head;
    private final double shadowSeconds;
    private int extra;
    /** What {@link #describe} says, kept until {@link #extra} changes: every candidate it refuses asks. */
    private String description;

    private Reservation(String head, double shadowSeconds, int extra) {
        this.head = head;
        this.shadowSeconds = shadowSeconds;
        this.extra = extra;
    }

    /** Empty when some running job's end is unknown and the head cannot be promised a time. */
    static Optional<Reservation> forHead(Candidate head, int freeGpus, List<Candidate> running, Instant now) {
        double[][] ends = new double[running.size()][];
        for (int i = 0; i < running.size(); i++) {
            Candidate r = running.get(i);
            ends[i] = new double[] {r.remainingSecondsAt(now), r.gpus()};
        }
        Arrays.sort(ends, (a, b) -> Double.compare(a[0], b[0]));
        int available = freeGpus;
        for (int i = 0; i < ends.length; i++) {
            if (Double.isInfinite(ends[i][0])) {
                return Optional.empty();
            }
            available += (int) ends[i][1];
            boolean lastAtThisTime = i + 1 == ends.length || ends[i + 1][0] > ends[i][0];
            if (available >= head.gpus() && lastAtThisTime) {
                return Optional.of(new Reservation(head.id(), ends[i][0], available - head.gpus()));
            }
        }
        return Optional.empty();
    }

    String head() {
        return head;
    }

    /** GPUs a job running past the shadow time may still take. */
    int extra() {
        return extra;
    }

    /** Seconds from the plan's instant until the head is promised its start. */
    double shadowSeconds() {
        return shadowSeconds;
    }

    /** Would starting {@code c} now keep the promise? (The GPU count is the cheaper test, so it goes first.) */
    boolean allows(Candidate c, Instant now) {
        return c.gpus() <= extra || c.remainingSecondsAt(now) <= shadowSeconds;
    }

    /** {@code c} starts: if it runs past the shadow time, it uses up extra GPUs. */
    void started(Candidate c, Instant now) {
        if (c.remainingSecondsAt(now) > shadowSeconds) {
            extra -= c.gpus();
            description = null;
        }
    }

    String describe() {
        if (description == null) {
            description = "would delay the reservation of " + head + " (starts in " + Math.round(shadowSeconds) + " s; "
                    + Math.max(0, extra) + " GPUs to spare)";
        }
        return description;
    }
}
