package dev.lepton.core.carbon;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The intensity over one UTC hour, measured or forecast.
 *
 * @param hour the start of the hour (on the hour)
 * @param gramsPerKwh gCO2e per kWh over that hour, finite and at least 0
 */
public record HourlyIntensity(Instant hour, double gramsPerKwh) {
    public static final Duration HOUR = Duration.ofHours(1);

    public HourlyIntensity {
        requireNonNull(hour, "hour is null");
        if (!hour.equals(hourOf(hour))) {
            throw new IllegalArgumentException("hour must be on the hour, got " + hour);
        }
        if (!Double.isFinite(gramsPerKwh) || gramsPerKwh < 0) {
            throw new IllegalArgumentException("carbon intensity at " + hour + " must be a finite number >= 0, got " + gramsPerKwh);
        }
    }

    /** The start of the UTC hour that contains {@code at}. */
    public static Instant hourOf(Instant at) {
        return at.truncatedTo(ChronoUnit.HOURS);
    }
}
