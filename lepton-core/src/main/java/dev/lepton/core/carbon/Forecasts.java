package dev.lepton.core.carbon;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The forecasts the deferral can use. */
public final class Forecasts {
    private static final Duration DAY = Duration.ofDays(1);

    private Forecasts() {}

    /** The future as it turned out: the measured series itself, for what-if studies and the oracle bound. */
    public static Forecast perfect(CarbonIntensitySource actual) {
        requireNonNull(actual, "actual is null");
        return (region, now, from, to) -> actual.hourly(region, from, to);
    }

    /**
     * A forecast read from a file in the same CSV format as measurements ({@link IntensityCsv}); the file
     * holds one forecast, whatever {@code now} is.
     */
    public static Forecast fromFile(IntensitySeries forecast) {
        requireNonNull(forecast, "forecast is null");
        return (region, now, from, to) -> forecast.hourly(region, from, to);
    }

    /**
     * Persistence: each hour is forecast by the value measured 24 h earlier. An hour more than a day ahead
     * of {@code now} takes the same hour of the latest day already measured (48 h earlier, 72 h...), so
     * the forecast never looks past {@code now}'s hour.
     */
    public static Forecast persistence(CarbonIntensitySource observed) {
        return persistence(observed, 1);
    }

    /**
     * Persistence over {@code days} days: each hour is forecast by the mean of the same hour on the latest
     * {@code days} days already measured (for an hour up to a day ahead: 24 h, 48 h ... earlier), over the
     * days that have a value; an hour none of them has is left out. One day is plain persistence; seven
     * days smooth out one unusual day (docs/benchmarks.md compares them on a year of real data).
     */
    public static Forecast persistence(CarbonIntensitySource observed, int days) {
        requireNonNull(observed, "observed is null");
        if (days < 1) {
            throw new IllegalArgumentException("days must be at least 1, got " + days);
        }
        return (region, now, from, to) -> {
            Instant current = HourlyIntensity.hourOf(now);
            List<HourlyIntensity> hours = new ArrayList<>();
            for (Instant hour = HourlyIntensity.hourOf(from); hour.isBefore(to); hour = hour.plus(HourlyIntensity.HOUR)) {
                long ahead = Duration.between(current, hour).toHours();
                long latest = Math.max(1, Math.ceilDiv(ahead, 24));
                double sum = 0;
                int seen = 0;
                for (long back = latest; back < latest + days; back++) {
                    Optional<Intensity> value = observed.intensity(region, hour.minus(DAY.multipliedBy(back)));
                    if (value.isPresent()) {
                        sum += value.get().gramsPerKwh();
                        seen++;
                    }
                }
                if (seen > 0) {
                    hours.add(new HourlyIntensity(hour, sum / seen));
                }
            }
            return hours;
        };
    }
}
