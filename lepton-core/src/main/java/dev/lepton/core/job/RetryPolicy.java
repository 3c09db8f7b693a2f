package dev.lepton.core.job;

import java.time.Duration;

/**
 * How often a failed attempt is retried and how long to wait before each retry:
 * {@code backoff × 2^(failures-1)}, capped at {@code maxBackoff}.
 */
public record RetryPolicy(int maxRetries, Duration backoff, Duration maxBackoff) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(0, Duration.ofSeconds(1), Duration.ofMinutes(5));

    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
        }
        if (backoff.isNegative() || maxBackoff.compareTo(backoff) < 0) {
            throw new IllegalArgumentException("backoff must be >= 0 and <= maxBackoff");
        }
    }

    /** The wait before the retry that follows the {@code failures}-th failure (1-based). */
    public Duration delayAfter(int failures) {
        int doublings = Math.min(Math.max(failures - 1, 0), 30);
        // Compared before multiplying, so that no back-off can overflow.
        return backoff.compareTo(maxBackoff.dividedBy(1L << doublings)) > 0 ? maxBackoff : backoff.multipliedBy(1L << doublings);
    }
}
