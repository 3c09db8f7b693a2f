package dev.lepton.server.limits;

import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * At most so many requests per second from one token, as a token bucket: a burst of
 * {@value #BURST_SECONDS} seconds' worth at once, then the steady rate. Cluster admins are not
 * limited (the threat model trusts them); a request over the limit is answered 429 with
 * {@code Retry-After}, and not audited, so that a flood cannot fill the audit log either.
 */
public final class RateLimiter {
    static final int BURST_SECONDS = 4;

    private final double perSecond;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(double perSecond) {
        if (!(perSecond > 0) || !Double.isFinite(perSecond)) {
            throw new IllegalArgumentException("--rate-limit: must be a number of requests per second above 0, got " + perSecond);
        }
        this.perSecond = perSecond;
    }

    public double perSecond() {
        return perSecond;
    }

    /** Empty if the token may make a request now (and it is counted); else the whole seconds to wait. */
    public OptionalLong take(String token) {
        return buckets.computeIfAbsent(token, t -> new Bucket(perSecond * BURST_SECONDS, System.nanoTime())).take(perSecond);
    }

    private static final class Bucket {
        private final double capacity;
        private double tokens;
        private long refilledAt;

        Bucket(double capacity, long now) {
            this.capacity = capacity;
            this.tokens = capacity;
            this.refilledAt = now;
        }

        synchronized OptionalLong take(double perSecond) {
            long now = System.nanoTime();
            tokens = Math.min(capacity, tokens + (now - refilledAt) / 1e9 * perSecond);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return OptionalLong.empty();
            }
            return OptionalLong.of((long) Math.ceil((1 - tokens) / perSecond));
        }
    }
}
