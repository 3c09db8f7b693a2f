package dev.lepton.bench;

import dev.lepton.core.carbon.CarbonDeferral;
import dev.lepton.core.carbon.DeferralDecision;
import dev.lepton.core.carbon.EmissionFactor;
import dev.lepton.core.carbon.Forecast;
import dev.lepton.core.carbon.ForecastKind;
import dev.lepton.core.carbon.IntensityCsv;
import dev.lepton.core.carbon.IntensitySeries;
import dev.lepton.core.carbon.Schedule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Carbon-aware deferral on a year of real grid data (issue 13, acceptance 3): a one-hour job arrives
 * every hour of the year with 24 h of slack (latest start = arrival + 24 h) and is placed by
 * {@link CarbonDeferral} with a perfect forecast (the oracle), with persistence (24 h earlier) and with the weekly
 * mean of the same hour. Saving =
 * 1 - (sum of the intensity over the chosen runs) / (sum over runs started on arrival), on the life-cycle
 * column; arrivals t = 0 .. hours - 25, as in the data's README, whose published oracle figures are
 * printed beside ours.
 *
 * <p>Usage: {@code CarbonDeferralBenchmark [dir]} (default
 * {@code ../shared/energy-data/carbon-intensity-electricitymaps-hourly}).
 */
public final class CarbonDeferralBenchmark {
    private static final Duration RUN = Duration.ofHours(1);
    private static final Duration SLACK = Duration.ofHours(24);
    /** The data README's "1 h job, 24 h slack" oracle savings, in percent. */
    private static final List<Row> PUBLISHED = List.of(new Row("US-CAL-CISO", 2021, 31.3), new Row("US-CAL-CISO", 2022, 32.5),
            new Row("US-CAL-CISO", 2023, 31.9), new Row("ES", 2021, 18.6), new Row("ES", 2022, 22.5), new Row("ES", 2023, 31.8));

    private CarbonDeferralBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "../shared/energy-data/carbon-intensity-electricitymaps-hourly");
        System.out.println("| zone | year | hours filled | oracle saving, measured | oracle saving, published | "
                + "persistence saving | oracle saving kept by persistence | weekly saving | oracle saving kept by weekly | "
                + "jobs deferred (oracle / persistence / weekly) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (Row published : PUBLISHED) {
            String file = published.zone + "_" + published.year + "_hourly.csv";
            IntensitySeries series = IntensityCsv.parse(file, Files.readString(dir.resolve(file), StandardCharsets.UTF_8),
                    EmissionFactor.LIFECYCLE);
            Result oracle = run(series, ForecastKind.PERFECT.over(series));
            Result persistence = run(series, ForecastKind.PERSISTENCE.over(series));
            Result weekly = run(series, ForecastKind.WEEKLY.over(series));
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %.2f%% | %.1f%% | %.2f%% | %.0f%% | %.2f%% | %.0f%% | %d / %d / %d of %d |%n",
                    published.zone, published.year, series.filledHours(), 100 * oracle.saving(), published.percent,
                    100 * persistence.saving(), 100 * persistence.saving() / oracle.saving(), 100 * weekly.saving(),
                    100 * weekly.saving() / oracle.saving(), oracle.deferred, persistence.deferred, weekly.deferred, oracle.jobs);
        }
    }

    /** One job an hour from the first hour to the last that still has its whole slack inside the series. */
    static Result run(IntensitySeries series, Forecast forecast) {
        double onArrival = 0;
        double chosen = 0;
        int jobs = 0;
        int deferred = 0;
        Instant lastArrival = series.end().minus(RUN).minus(SLACK);
        for (Instant now = series.start(); !now.isAfter(lastArrival); now = now.plus(RUN)) {
            Schedule schedule = Schedule.of(now, Optional.of(RUN), Optional.of(SLACK), Optional.empty()).orElseThrow();
            DeferralDecision decision = CarbonDeferral.decide(now, schedule, List.of(series.zone()), forecast);
            onArrival += measured(series, now);
            chosen += measured(series, decision.start());
            jobs++;
            deferred += decision.deferred() ? 1 : 0;
        }
        return new Result(jobs, deferred, onArrival, chosen);
    }

    /** What the run from {@code start} actually met: the measured average over it. */
    private static double measured(IntensitySeries series, Instant start) {
        return CarbonDeferral.averageOver(series.hourly(series.zone(), start, start.plus(RUN)), start, RUN).orElseThrow();
    }

    private record Row(String zone, int year, double percent) {}

    record Result(int jobs, int deferred, double onArrival, double chosen) {
        double saving() {
            return 1 - chosen / onArrival;
        }
    }
}
