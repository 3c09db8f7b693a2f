package dev.lepton.api.v1;

import java.util.List;

/**
 * What a job's workers cost so far: energy in joules and kWh, carbon in grams of CO2 equivalent,
 * money in dollars, and whether the energy was {@code measured} (every joule read from RAPL, the GPU
 * driver or the engine that ran the workers) or {@code modelled} (some or all of it from utilisation and
 * a power profile). {@code sources} says where the joules came from, most first; null where it is not
 * kept (a report's rows).
 */
public record ApiEnergy(double joules, double kwh, double co2eGrams, double costDollars, String provenance, List<ApiEnergySource> sources) {
    public ApiEnergy {
        sources = sources == null ? null : List.copyOf(sources);
    }

    /** Without sources. */
    public ApiEnergy(double joules, double kwh, double co2eGrams, double costDollars, String provenance) {
        this(joules, kwh, co2eGrams, costDollars, provenance, null);
    }
}
