package dev.lepton.api.v1;

import java.time.Instant;

/**
 * What a job is expected to cost, answered by a dry run: started now and at the start the scheduler
 * would choose (the same start when it would not defer the job), each with the grid's intensity
 * over the run. Modelled from the node's power profile with the job's allocation kept busy for
 * {@code duration} (taken from {@code durationFrom}): an upper bound for work that idles.
 *
 * @param node the node it would run on (the best-scored one in the chosen region)
 * @param reason why it would start when it would, as {@code lepton job explain} would say
 */
public record ApiEstimate(String node, String region, String duration, String durationFrom, Run now, Run chosen, String reason,
                          String provenance) {
    /**
     * One start: when, the grid's intensity over the run ({@code intensitySource}: {@code forecast}, else the
     * intensity {@code now}, or the {@code world average} where no source knows the region), and the expected
     * kWh, grams of CO2 equivalent (with the PUE) and dollars.
     */
    public record Run(Instant start, double gramsPerKwh, String intensitySource, double kwh, double co2eGrams, double costDollars) {}
}
