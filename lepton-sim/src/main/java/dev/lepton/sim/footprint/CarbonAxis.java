package dev.lepton.sim.footprint;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.carbon.CarbonIntensitySource;
import dev.lepton.core.carbon.HourlyIntensity;
import dev.lepton.core.carbon.Intensity;
import dev.lepton.core.carbon.IntensitySeries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lays an hourly intensity series over a trace's time axis: trace time 0 is {@code start} (by default
 * the series' first hour), trace time t is {@code start + t}. A run longer than the series goes on with
 * the series from its first hour again (a year of data repeats as the next year); instants before the
 * series' first hour have no value, so a persistence forecast never looks at data from the "future" end.
 */
public final class CarbonAxis {
    private static final long HOUR_MILLIS = HourlyIntensity.HOUR.toMillis();

    private final IntensitySeries series;
    private final Instant start;
    private final double[] grams;
    /** {@code prefix[i]}: the sum of {@code grams[0..i)}, so an integral over whole hours costs two look-ups. */
    private final double[] prefix;

    /** @throws IllegalArgumentException naming {@code --carbon-start} when {@code start} is outside the series */
    public CarbonAxis(IntensitySeries series, Instant start) {
        this.series = requireNonNull(series, "series is null");
        this.start = requireNonNull(start, "start is null");
        if (start.isBefore(series.start()) || !start.isBefore(series.end())) {
            throw new IllegalArgumentException("--carbon-start: " + start + " is outside the series " + series.origin() + " ("
                    + series.start() + " .. " + series.end() + ")");
        }
        List<HourlyIntensity> hours = series.hourly(series.zone(), series.start(), series.end());
        grams = hours.stream().mapToDouble(HourlyIntensity::gramsPerKwh).toArray();
        prefix = new double[grams.length + 1];
        for (int i = 0; i < grams.length; i++) {
            prefix[i + 1] = prefix[i] + grams[i];
        }
    }

    public IntensitySeries series() {
        return series;
    }

    /** Where the series came from, e.g. {@code electricitymaps-csv:ES_2022_hourly.csv}. */
    public String origin() {
        return series.origin();
    }

    public String region() {
        return series.zone();
    }

    /** The instant trace time 0 stands for. */
    public Instant start() {
        return start;
    }

    public Instant instant(long traceMillis) {
        return start.plusMillis(traceMillis);
    }

    public long traceMillis(Instant at) {
        return Duration.between(start, at).toMillis();
    }

    /** Whether trace time {@code traceMillis} lies past the series' end, where it repeats. */
    public boolean repeats(long traceMillis) {
        return instant(traceMillis).isAfter(series.end());
    }

    /**
     * The intensity integrated over trace times [{@code fromMillis}, {@code toMillis}), hour by hour, in
     * gCO2e/kWh × hours: energy at a constant power P watts over that stretch emits P / 1000 × this grams.
     */
    public double gramHours(long fromMillis, long toMillis) {
        return cumulative(toMillis) - cumulative(fromMillis);
    }

    /** The integral from the series' first hour to trace time {@code traceMillis}, in gCO2e/kWh × hours. */
    private double cumulative(long traceMillis) {
        long sinceSeries = Duration.between(series.start(), start).toMillis() + traceMillis;
        long hour = Math.floorDiv(sinceSeries, HOUR_MILLIS);
        long laps = Math.floorDiv(hour, grams.length);
        int index = (int) Math.floorMod(hour, grams.length);
        double withinHour = (sinceSeries - hour * HOUR_MILLIS) / (double) HOUR_MILLIS;
        return laps * prefix[grams.length] + prefix[index] + grams[index] * withinHour;
    }

    /** The series as a source for its region at any instant from its first hour on, repeating past its end. */
    public CarbonIntensitySource repeating() {
        String origin = series.origin();
        return new CarbonIntensitySource() {
            @Override
            public Optional<Intensity> intensity(String region, Instant at) {
                int i = index(region, at);
                return i < 0 ? Optional.empty() : Optional.of(new Intensity(grams[i], origin));
            }

            @Override
            public List<HourlyIntensity> hourly(String region, Instant from, Instant to) {
                List<HourlyIntensity> hours = new ArrayList<>();
                for (Instant hour = HourlyIntensity.hourOf(from); hour.isBefore(to); hour = hour.plus(HourlyIntensity.HOUR)) {
                    int i = index(region, hour);
                    if (i >= 0) {
                        hours.add(new HourlyIntensity(hour, grams[i]));
                    }
                }
                return hours;
            }
        };
    }

    private int index(String region, Instant at) {
        if (!series.zone().equals(region) || at.isBefore(series.start())) {
            return -1;
        }
        long hour = Math.floorDiv(Duration.between(series.start(), at).toMillis(), HOUR_MILLIS);
        return (int) Math.floorMod(hour, grams.length);
    }
}
