package dev.lepton.core.carbon;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;

/**
 * When and where a job with slack starts, and why: what {@code lepton job explain} will print.
 *
 * @param decidedAt when the decision was taken ({@code now})
 * @param start the chosen start, from {@code decidedAt} to the schedule's latest start
 * @param region the chosen region
 * @param expectedGramsPerKwh the forecast average intensity over the run from {@code start}; empty without a forecast
 * @param nowGramsPerKwh the forecast average over the run had it started at {@code decidedAt} (in the best region then)
 * @param reason one line for people, e.g. {@code deferred to 03:00 UTC: 212 gCO2e/kWh forecast against 390 now}
 */
public record DeferralDecision(Instant decidedAt, Instant start, String region, OptionalDouble expectedGramsPerKwh,
                               OptionalDouble nowGramsPerKwh, String reason) {
    public DeferralDecision {
        requireNonNull(decidedAt, "decidedAt is null");
        requireNonNull(start, "start is null");
        requireNonNull(region, "region is null");
        requireNonNull(expectedGramsPerKwh, "expectedGramsPerKwh is null");
        requireNonNull(nowGramsPerKwh, "nowGramsPerKwh is null");
        requireNonNull(reason, "reason is null");
        if (start.isBefore(decidedAt)) {
            throw new IllegalArgumentException("start " + start + " is before the decision at " + decidedAt);
        }
    }

    /** Whether the job waits rather than starting at once. */
    public boolean deferred() {
        return start.isAfter(decidedAt);
    }

    public Duration delay() {
        return Duration.between(decidedAt, start);
    }
}
