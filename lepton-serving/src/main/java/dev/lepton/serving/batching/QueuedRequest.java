package dev.lepton.serving.batching;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * What {@link BatchPlanner} sees of a waiting request: its key (empty: it runs alone), its number of
 * rows and when it arrived.
 */
public record QueuedRequest(Optional<BatchKey> key, long rows, Instant enqueuedAt) {
    public QueuedRequest {
        requireNonNull(key, "key is null");
        requireNonNull(enqueuedAt, "enqueuedAt is null");
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0, got " + rows);
        }
    }
}
