package dev.lepton.server.retention;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.resource.Quantities;
import java.time.Duration;
import java.util.Optional;

/**
 * How long what Lepton keeps is kept; {@link #DEFAULTS} holds every default.
 *
 * @param endedJobs how long a job is kept after it ended, with its events and its attempts'
 *     directories and logs ({@code lepton server --retention}, default 30 days); empty: for ever
 * @param idempotencyKeys how long an {@code Idempotency-Key} is remembered (default 24 hours)
 * @param maxLogBytes a running worker's log longer than this is cut to its tail ({@code lepton
 *     server --max-log-size}, default 64 MiB; at least 64 KiB)
 * @param sweepInterval how often ended jobs, old keys and orphaned files are purged (default 1 hour)
 * @param logCheckInterval how often running workers' logs are measured against the cap (default 10 seconds)
 */
public record RetentionConfig(Optional<Duration> endedJobs, Duration idempotencyKeys, long maxLogBytes, Duration sweepInterval,
                              Duration logCheckInterval) {
    public static final long MIN_LOG_BYTES = 64 << 10;
    public static final RetentionConfig DEFAULTS = new RetentionConfig(Optional.of(Duration.ofDays(30)), Duration.ofHours(24),
            64L << 20, Duration.ofHours(1), Duration.ofSeconds(10));

    public RetentionConfig {
        requireNonNull(endedJobs, "endedJobs is null");
        endedJobs.ifPresent(d -> positive("--retention", d));
        positive("idempotencyKeys", idempotencyKeys);
        positive("sweepInterval", sweepInterval);
        positive("logCheckInterval", logCheckInterval);
        if (maxLogBytes < MIN_LOG_BYTES) {
            throw new IllegalArgumentException("--max-log-size: must be at least 64KiB (got " + Quantities.formatBytes(maxLogBytes) + ")");
        }
    }

    private static void positive(String name, Duration duration) {
        requireNonNull(duration, name + " is null");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + ": must be more than 0 (got " + Quantities.formatDuration(duration) + ")");
        }
    }

    public RetentionConfig withEndedJobs(Optional<Duration> value) {
        return new RetentionConfig(value, idempotencyKeys, maxLogBytes, sweepInterval, logCheckInterval);
    }

    public RetentionConfig withMaxLogBytes(long value) {
        return new RetentionConfig(endedJobs, idempotencyKeys, value, sweepInterval, logCheckInterval);
    }

    public RetentionConfig withIntervals(Duration sweep, Duration logCheck) {
        return new RetentionConfig(endedJobs, idempotencyKeys, maxLogBytes, sweep, logCheck);
    }

    public RetentionConfig withIdempotencyKeys(Duration value) {
        return new RetentionConfig(endedJobs, value, maxLogBytes, sweepInterval, logCheckInterval);
    }
}
