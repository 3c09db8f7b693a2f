package dev.lepton.server.gateway;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The gateway's limits.
 *
 * @param holdTimeout how long a request waits for a replica to become ready (scaling from zero) before a 503
 * @param maxHeld how many requests one deployment may hold waiting at once; the next gets a 503 at once
 * @param connectTimeout how long connecting to a replica may take before the next replica is tried
 * @param responseTimeout how long a replica may take to start answering (its status and headers); a streamed body
 *     may then take as long as it needs, as long as it is never silent that long
 */
public record GatewayConfig(Duration holdTimeout, int maxHeld, Duration connectTimeout, Duration responseTimeout) {
    public static final GatewayConfig DEFAULTS = new GatewayConfig(Duration.ofSeconds(60), 1_000, Duration.ofSeconds(2), Duration.ofMinutes(5));

    public GatewayConfig {
        requireNonNull(holdTimeout, "holdTimeout is null");
        requireNonNull(connectTimeout, "connectTimeout is null");
        requireNonNull(responseTimeout, "responseTimeout is null");
        if (holdTimeout.isNegative() || connectTimeout.isNegative() || connectTimeout.isZero() || responseTimeout.isNegative()
                || responseTimeout.isZero()) {
            throw new IllegalArgumentException("gateway timeouts must be positive (hold may be 0): " + this);
        }
        if (maxHeld < 0) {
            throw new IllegalArgumentException("maxHeld must not be negative, got " + maxHeld);
        }
    }
}
