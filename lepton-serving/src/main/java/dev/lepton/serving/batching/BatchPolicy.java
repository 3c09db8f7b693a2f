package dev.lepton.serving.batching;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How requests are merged: at most {@code maxBatchSize} rows in one run, and no request waits longer
 * than {@code maxQueueDelay} for others to join it. {@code maxBatchSize} 1 runs every request alone.
 */
public record BatchPolicy(int maxBatchSize, Duration maxQueueDelay) {
    public BatchPolicy {
        requireNonNull(maxQueueDelay, "maxQueueDelay is null");
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be at least 1 (1: no batching), got " + maxBatchSize);
        }
        if (maxQueueDelay.isNegative()) {
            throw new IllegalArgumentException("maxQueueDelay must be >= 0, got " + maxQueueDelay);
        }
    }

    public boolean batching() {
        return maxBatchSize > 1;
    }
}
