package dev.lepton.core.carbon;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Carbon-aware deferral: choose when (and in which of its regions) a job with slack starts so that the
 * forecast intensity averaged over its run is lowest. The run is not interrupted once started.
 *
 * <ol>
 *   <li>Candidate starts: {@code now}, then every hour boundary after it up to the schedule's latest start.</li>
 *   <li>Each candidate and region is scored by the forecast's time-weighted average intensity over
 *       [start, start + expectedDuration); a window with any hour unforecast has no score.</li>
 *   <li>The lowest score wins; on a tie the earlier start, then the region listed first. Starting now needs
 *       a score too: without a forecast for now there is nothing to compare a later start with, so the job
 *       starts now.</li>
 * </ol>
 */
public final class CarbonDeferral {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_AND_CLOCK =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private CarbonDeferral() {}

    /** Decides at {@code now} when a job with {@code schedule} starts, in one of {@code regions} (in order of preference). */
    public static DeferralDecision decide(Instant now, Schedule schedule, List<String> regions, Forecast forecast) {
        requireNonNull(now, "now is null");
        requireNonNull(schedule, "schedule is null");
        requireNonNull(forecast, "forecast is null");
        if (requireNonNull(regions, "regions is null").isEmpty()) {
            throw new IllegalArgumentException("regions is empty: a job runs somewhere");
        }
        List<Instant> starts = candidateStarts(now, schedule.latestStart());
        Instant horizon = starts.getLast().plus(schedule.expectedDuration());
        List<Map<Instant, Double>> forecasts = new ArrayList<>();
        for (String region : regions) {
            forecasts.add(byHour(forecast.hourly(region, now, now, horizon)));
        }

        Choice best = null;
        Choice bestNow = null;
        for (Instant start : starts) {
            for (int r = 0; r < regions.size(); r++) {
                OptionalDouble average = averageOver(forecasts.get(r), start, schedule.expectedDuration());
                if (average.isEmpty()) {
                    continue;
                }
                Choice choice = new Choice(start, regions.get(r), average.getAsDouble());
                if (best == null || choice.grams < best.grams) {
                    best = choice;
                }
                if (start.equals(now) && (bestNow == null || choice.grams < bestNow.grams)) {
                    bestNow = choice;
                }
            }
        }
        if (bestNow == null) {
            return new DeferralDecision(now, now, regions.getFirst(), OptionalDouble.empty(), OptionalDouble.empty(),
                    "started now: no forecast for now in " + String.join(", ", regions));
        }
        String where = regions.size() > 1 ? " in " + best.region : "";
        String reason = best.start.equals(now)
                ? "started now" + where + ": " + grams(best.grams) + " gCO2e/kWh forecast, "
                        + (starts.size() == 1 ? "no slack to wait" : "no lower forecast up to the latest start, " + time(starts.getLast(), now))
                : "deferred to " + time(best.start, now) + where + ": " + grams(best.grams) + " gCO2e/kWh forecast against "
                        + grams(bestNow.grams) + " now";
        return new DeferralDecision(now, best.start, best.region, OptionalDouble.of(best.grams), OptionalDouble.of(bestNow.grams), reason);
    }

    /**
     * The time-weighted average of {@code hours} over [{@code start}, {@code start + duration}); empty when
     * any hour of that window is missing. The benchmark scores chosen starts with it too.
     */
    public static OptionalDouble averageOver(List<HourlyIntensity> hours, Instant start, Duration duration) {
        return averageOver(byHour(hours), start, duration);
    }

    private static OptionalDouble averageOver(Map<Instant, Double> byHour, Instant start, Duration duration) {
        Instant end = start.plus(duration);
        double weighted = 0;
        double weights = 0;
        for (Instant hour = HourlyIntensity.hourOf(start); hour.isBefore(end); hour = hour.plus(HourlyIntensity.HOUR)) {
            Double grams = byHour.get(hour);
            if (grams == null) {
                return OptionalDouble.empty();
            }
            Instant from = hour.isBefore(start) ? start : hour;
            Instant to = hour.plus(HourlyIntensity.HOUR).isAfter(end) ? end : hour.plus(HourlyIntensity.HOUR);
            // Weights in hours, so a whole hour weighs exactly 1 and a one-hour run scores its hour's value exactly.
            double weight = Duration.between(from, to).toNanos() / 3.6e12;
            weighted += grams * weight;
            weights += weight;
        }
        return weights > 0 ? OptionalDouble.of(weighted / weights) : OptionalDouble.empty();
    }

    private static List<Instant> candidateStarts(Instant now, Instant latestStart) {
        List<Instant> starts = new ArrayList<>(List.of(now));
        for (Instant hour = HourlyIntensity.hourOf(now).plus(HourlyIntensity.HOUR); !hour.isAfter(latestStart);
             hour = hour.plus(HourlyIntensity.HOUR)) {
            starts.add(hour);
        }
        return starts;
    }

    private static Map<Instant, Double> byHour(List<HourlyIntensity> hours) {
        Map<Instant, Double> byHour = new HashMap<>();
        hours.forEach(h -> byHour.put(h.hour(), h.gramsPerKwh()));
        return byHour;
    }

    private static String time(Instant at, Instant now) {
        return (Duration.between(now, at).compareTo(Duration.ofDays(1)) < 0 ? CLOCK : DATE_AND_CLOCK).format(at);
    }

    private static String grams(double grams) {
        return String.valueOf(Math.round(grams));
    }

    private record Choice(Instant start, String region, double grams) {}
}
