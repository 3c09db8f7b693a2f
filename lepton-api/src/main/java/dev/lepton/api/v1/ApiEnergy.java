package dev.lepton.api.v1;

/**
 * What a job's workers cost so far: energy in joules and kWh, carbon in grams of CO2 equivalent,
 * money in dollars, and whether the energy was {@code measured} (every joule read from RAPL or the
 * GPU driver) or {@code modelled} (some or all of it from utilisation and a power profile).
 */
public record ApiEnergy(double joules, double kwh, double co2eGrams, double costDollars, String provenance) {}
