package dev.lepton.sim.engine;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Where and when a completed job held GPUs: what its energy, carbon and cost are computed from.
 * {@code releasedMillis} is when it joined the queue: its arrival, or later when a {@link Hold} kept it back;
 * {@code durationMillis} is its run time in the trace.
 */
public record JobRuns(String id, long submitMillis, long releasedMillis, long durationMillis, List<RunSpan> spans) {
    public JobRuns {
        requireNonNull(id, "id is null");
        spans = List.copyOf(spans);
        if (releasedMillis < submitMillis) {
            throw new IllegalArgumentException("job " + id + ": released at " + releasedMillis + " before its arrival at " + submitMillis);
        }
    }

    /** Milliseconds the job was held back before it was queued. */
    public long heldMillis() {
        return releasedMillis - submitMillis;
    }
}
