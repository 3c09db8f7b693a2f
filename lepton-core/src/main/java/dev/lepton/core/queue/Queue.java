package dev.lepton.core.queue;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A named queue. Jobs in it are considered by priority, then in submission order. */
public record Queue(String name, String description, Instant createdAt) {
    public static final String DEFAULT = "default";

    public Queue {
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        requireNonNull(createdAt, "createdAt is null");
    }
}
