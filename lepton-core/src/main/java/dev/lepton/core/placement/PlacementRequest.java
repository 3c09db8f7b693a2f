package dev.lepton.core.placement;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.resource.Resources;

/** {@code workers} workers of {@code perWorker} each, placed all together or not at all, where the constraints allow. */
public record PlacementRequest(String job, Resources perWorker, int workers, Constraints constraints) {
    public PlacementRequest {
        requireNonNull(job, "job is null");
        requireNonNull(perWorker, "perWorker is null");
        requireNonNull(constraints, "constraints is null");
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
    }

    /** A request that may go anywhere it fits. */
    public PlacementRequest(String job, Resources perWorker, int workers) {
        this(job, perWorker, workers, Constraints.NONE);
    }
}
