package dev.lepton.api.v1;

import java.time.Instant;

/** {@code kind: Queue}: where jobs wait their turn (priority, then submission order). */
public record ApiQueue(String kind, String name, String description, int queued, int running, Instant createdAt) {}
