package dev.lepton.core.placement;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.resource.Resources;

/** {@code workers} workers of {@code perWorker} each, placed all together or not at all. */
public record PlacementRequest(String job, Resources perWorker, int workers) {
    public PlacementRequest {
        requireNonNull(job, "job is null");
        requireNonNull(perWorker, "perWorker is null");
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
    }
}
