package dev.lepton.core.energy;

import static java.util.Objects.requireNonNull;

/** A reading with the idle power attribution takes for its component (see {@link IdleBaseline}). */
public record ComponentPower(ComponentReading reading, double idleWatts) {
    public ComponentPower {
        requireNonNull(reading, "reading is null");
        if (!(idleWatts >= 0) || Double.isInfinite(idleWatts)) {
            throw new IllegalArgumentException("idle power must be >= 0 W: " + idleWatts);
        }
    }
}
