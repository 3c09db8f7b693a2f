package dev.lepton.core.energy;

import static java.util.Objects.requireNonNull;

/**
 * What a workload cost: its energy by component, how much of that energy was measured (the rest was
 * modelled), the carbon it emitted and the money it cost. Footprints of intervals, workers and jobs
 * add up.
 */
public record Footprint(ComponentJoules energy, double measuredJoules, double co2eGrams, double dollars) {
    public static final Footprint ZERO = new Footprint(ComponentJoules.ZERO, 0, 0, 0);
    private static final double JOULES_PER_KWH = 3.6e6;

    public Footprint {
        requireNonNull(energy, "energy is null");
        if (!(measuredJoules >= 0 && co2eGrams >= 0 && dollars >= 0) || Double.isInfinite(measuredJoules + co2eGrams + dollars)) {
            throw new IllegalArgumentException("a footprint is finite and >= 0: measured " + measuredJoules + " J, " + co2eGrams
                    + " gCO2e, $" + dollars);
        }
    }

    public double joules() {
        return energy.total();
    }

    public double kwh() {
        return joules() / JOULES_PER_KWH;
    }

    /** Measured if all of the energy was, modelled if none was, else modelled too: a sum is only as good as its weaker part. */
    public Provenance provenance() {
        return joules() > 0 && measuredJoules >= joules() * (1 - 1e-9) ? Provenance.MEASURED : Provenance.MODELLED;
    }

    public Footprint plus(Footprint other) {
        return new Footprint(energy.plus(other.energy), measuredJoules + other.measuredJoules, co2eGrams + other.co2eGrams,
                dollars + other.dollars);
    }

    public static double kwh(double joules) {
        return joules / JOULES_PER_KWH;
    }
}
