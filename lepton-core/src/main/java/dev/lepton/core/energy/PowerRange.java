package dev.lepton.core.energy;

/** A component's power from idle to fully busy, in watts; in between it is linear in utilisation. */
public record PowerRange(double idleWatts, double maxWatts) {
    public PowerRange {
        if (!(idleWatts >= 0) || !(maxWatts >= idleWatts) || Double.isInfinite(maxWatts)) {
            throw new IllegalArgumentException("power range must have 0 <= idle <= max: " + idleWatts + ".." + maxWatts);
        }
    }

    /** {@code idle + (max − idle) × utilisation}, utilisation a fraction of 1 (clamped). */
    public double watts(double utilisation) {
        return idleWatts + (maxWatts - idleWatts) * Math.clamp(utilisation, 0.0, 1.0);
    }

    public PowerRange times(double factor) {
        return new PowerRange(idleWatts * factor, maxWatts * factor);
    }

    @Override
    public String toString() {
        return idleWatts + ".." + maxWatts + " W";
    }
}
