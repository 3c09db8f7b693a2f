package dev.lepton.core.queue;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.quota.QueueSpec;
import java.time.Instant;

/** A named queue and its quota. Jobs in it are considered by priority, then in submission order. */
public record Queue(QueueSpec spec, String description, Instant createdAt) {
    public static final String DEFAULT = "default";

    public Queue {
        requireNonNull(spec, "spec is null");
        requireNonNull(description, "description is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    /** A queue without a quota: it takes what the nodes offer. */
    public static Queue unlimited(String name, String description, Instant createdAt) {
        return new Queue(QueueSpec.unlimited(name), description, createdAt);
    }

    public String name() {
        return spec.name();
    }
}
