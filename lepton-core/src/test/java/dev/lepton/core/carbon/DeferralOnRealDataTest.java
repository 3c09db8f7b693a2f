package dev.lepton.core.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The oracle setting of the benchmark on three weeks of real data (Spain, January 2022, Electricity
 * Maps, ODbL; see {@code carbon/README.md}): a one-hour job arrives every hour with 24 h of slack. The
 * saving the deferral achieves is checked against a brute force over the raw CSV cells.
 */
class DeferralOnRealDataTest {
    static final String FILE = "ES_2022_first_3_weeks.csv";
    static final int SLACK_HOURS = 24;

    static String text() throws IOException {
        try (InputStream in = DeferralOnRealDataTest.class.getResourceAsStream("/carbon/" + FILE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void the_deferral_with_a_perfect_forecast_finds_the_brute_force_minimum_for_every_arrival() throws IOException {
        String text = text();
        IntensitySeries series = IntensityCsv.parse(FILE, text, EmissionFactor.LIFECYCLE);
        double[] raw = lifeCycleColumnByHand(text);
        assertThat(series.hours()).isEqualTo(raw.length).isEqualTo(504);
        assertThat(series.filledHours()).isZero();

        double atArrival = 0;
        double chosen = 0;
        double bruteAtArrival = 0;
        double bruteBest = 0;
        int deferred = 0;
        Forecast perfect = Forecasts.perfect(series);
        for (int t = 0; t + SLACK_HOURS < raw.length; t++) {
            Instant now = series.start().plus(Duration.ofHours(t));
            Schedule schedule = Schedule.of(now, Optional.of(Duration.ofHours(1)), Optional.of(Duration.ofHours(SLACK_HOURS)),
                    Optional.empty()).orElseThrow();
            DeferralDecision decision = CarbonDeferral.decide(now, schedule, List.of("ES"), perfect);
            atArrival += series.at(now).getAsDouble();
            chosen += series.at(decision.start()).getAsDouble();
            deferred += decision.deferred() ? 1 : 0;

            double best = Double.MAX_VALUE;
            for (int s = t; s <= t + SLACK_HOURS; s++) {
                best = Math.min(best, raw[s]);
            }
            bruteAtArrival += raw[t];
            bruteBest += best;
        }

        double saving = 1 - chosen / atArrival;
        double bruteSaving = 1 - bruteBest / bruteAtArrival;
        assertThat(saving).isCloseTo(bruteSaving, offset(1e-12));
        assertThat(saving).as("January in Spain: solar and wind swing enough for a real saving").isBetween(0.10, 0.50);
        assertThat(deferred).isGreaterThan(240);
    }

    /** The LCA column read without the parser: the sixth cell of each data line. */
    private static double[] lifeCycleColumnByHand(String text) {
        return text.lines().skip(1).filter(l -> !l.isBlank()).mapToDouble(l -> Double.parseDouble(l.split(",")[5])).toArray();
    }
}
