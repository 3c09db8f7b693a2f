package dev.lepton.core.carbon;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * An hourly intensity series for one zone with no holes: hours a file lacked were filled (see
 * {@link IntensityCsv}) and are counted in {@link #filledHours()} so a report can state it. A lookup at
 * any instant answers the hour that contains it; outside [{@link #start()}, {@link #end()}) the answer is
 * empty, never a made-up number.
 */
public final class IntensitySeries implements CarbonIntensitySource {
    private final String zone;
    private final String origin;
    private final Instant start;
    private final double[] gramsPerKwh;
    private final boolean[] filled;
    private final int filledHours;

    /**
     * @param zone the region this series answers for
     * @param origin where it came from, e.g. {@code electricitymaps-csv:ES_2022_hourly.csv}
     * @param start the first hour (on the hour)
     * @param gramsPerKwh one value per hour from {@code start}, each finite and at least 0
     * @param filled which hours were filled rather than read; as long as {@code gramsPerKwh}
     */
    public IntensitySeries(String zone, String origin, Instant start, double[] gramsPerKwh, boolean[] filled) {
        this.zone = requireNonNull(zone, "zone is null");
        this.origin = requireNonNull(origin, "origin is null");
        this.start = new HourlyIntensity(requireNonNull(start, "start is null"), 0).hour();
        this.gramsPerKwh = requireNonNull(gramsPerKwh, "gramsPerKwh is null").clone();
        this.filled = requireNonNull(filled, "filled is null").clone();
        if (gramsPerKwh.length == 0 || filled.length != gramsPerKwh.length) {
            throw new IllegalArgumentException("a series needs at least one hour and one filled flag per hour, got "
                    + gramsPerKwh.length + " values and " + filled.length + " flags");
        }
        for (int i = 0; i < gramsPerKwh.length; i++) {
            new HourlyIntensity(start.plus(HourlyIntensity.HOUR.multipliedBy(i)), gramsPerKwh[i]);
        }
        int count = 0;
        for (boolean f : filled) {
            count += f ? 1 : 0;
        }
        this.filledHours = count;
    }

    /** A series read in full, nothing filled: for tests and for values computed elsewhere. */
    public static IntensitySeries of(String zone, String origin, Instant start, double... gramsPerKwh) {
        return new IntensitySeries(zone, origin, start, gramsPerKwh, new boolean[gramsPerKwh.length]);
    }

    public String zone() {
        return zone;
    }

    public String origin() {
        return origin;
    }

    /** The first hour. */
    public Instant start() {
        return start;
    }

    /** The end of the last hour (exclusive). */
    public Instant end() {
        return start.plus(HourlyIntensity.HOUR.multipliedBy(gramsPerKwh.length));
    }

    public int hours() {
        return gramsPerKwh.length;
    }

    /** How many hours were filled by the gap rule rather than read. */
    public int filledHours() {
        return filledHours;
    }

    /** Whether the hour containing {@code at} was filled; false outside the series. */
    public boolean isFilled(Instant at) {
        int i = indexOf(at);
        return i >= 0 && filled[i];
    }

    /** The same values answering for another region name (a node region mapped to an Electricity Maps zone). */
    public IntensitySeries forRegion(String region) {
        return new IntensitySeries(region, origin, start, gramsPerKwh, filled);
    }

    /** The value for the hour containing {@code at}, whatever region is asked; empty outside the series. */
    public OptionalDouble at(Instant at) {
        int i = indexOf(at);
        return i < 0 ? OptionalDouble.empty() : OptionalDouble.of(gramsPerKwh[i]);
    }

    @Override
    public Optional<Intensity> intensity(String region, Instant at) {
        OptionalDouble value = zone.equals(region) ? at(at) : OptionalDouble.empty();
        return value.isPresent() ? Optional.of(new Intensity(value.getAsDouble(), origin)) : Optional.empty();
    }

    @Override
    public List<HourlyIntensity> hourly(String region, Instant from, Instant to) {
        List<HourlyIntensity> hours = new ArrayList<>();
        if (!zone.equals(region) || !from.isBefore(to)) {
            return hours;
        }
        long first = Math.max(0, Math.floorDiv(Duration.between(start, from).toSeconds(), 3600));
        for (long i = first; i < gramsPerKwh.length; i++) {
            Instant hour = start.plus(HourlyIntensity.HOUR.multipliedBy(i));
            if (!hour.isBefore(to)) {
                break;
            }
            hours.add(new HourlyIntensity(hour, gramsPerKwh[(int) i]));
        }
        return hours;
    }

    private int indexOf(Instant at) {
        long i = Math.floorDiv(Duration.between(start, at).toSeconds(), 3600);
        return i < 0 || i >= gramsPerKwh.length ? -1 : (int) i;
    }

    @Override
    public String toString() {
        return "IntensitySeries[" + zone + ", " + origin + ", " + start + " .. " + end() + ", " + gramsPerKwh.length + " h, "
                + filledHours + " filled]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IntensitySeries s && zone.equals(s.zone) && origin.equals(s.origin) && start.equals(s.start)
                && Arrays.equals(gramsPerKwh, s.gramsPerKwh) && Arrays.equals(filled, s.filled);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * zone.hashCode() + start.hashCode()) + Arrays.hashCode(gramsPerKwh);
    }
}
