package dev.lepton.sim.footprint;

import static java.util.Objects.requireNonNull;

import java.util.OptionalDouble;

/**
 * One job's share, a row's new columns in {@code jobs.csv}.
 *
 * @param heldSeconds how long carbon-aware deferral held it back before it was queued (0 without {@code --defer})
 * @param energyKwh the energy of the GPUs it held, while it held them (IT energy, before PUE)
 * @param carbonKg {@code energy × intensity(t) × PUE}, hour by hour; empty without {@code --carbon-intensity}
 * @param costUsd its share of node prices by GPUs held, plus energy × PUE × the energy price; empty when nothing is priced
 * @param carbonIfRunAtArrivalKg its carbon had it run at once on arrival, uninterrupted, for its trace duration (no
 *     hold, no wait for GPUs); empty without a series
 * @param carbonIfRunAtReleaseKg the same from its release: what deferral planned, before any wait for GPUs
 */
public record JobFootprint(String id, double heldSeconds, double energyKwh, OptionalDouble carbonKg, OptionalDouble costUsd,
                           OptionalDouble carbonIfRunAtArrivalKg, OptionalDouble carbonIfRunAtReleaseKg) {
    public JobFootprint {
        requireNonNull(id, "id is null");
        requireNonNull(carbonKg, "carbonKg is null");
        requireNonNull(costUsd, "costUsd is null");
        requireNonNull(carbonIfRunAtArrivalKg, "carbonIfRunAtArrivalKg is null");
        requireNonNull(carbonIfRunAtReleaseKg, "carbonIfRunAtReleaseKg is null");
    }
}
