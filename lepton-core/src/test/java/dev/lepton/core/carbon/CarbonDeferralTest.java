package dev.lepton.core.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** When a job with slack starts: the lowest forecast average over its run, never past its latest start. */
class CarbonDeferralTest {
    static final Instant MIDNIGHT = Instant.parse("2022-01-01T00:00:00Z");
    static final Duration ONE_HOUR = Duration.ofHours(1);

    static Instant at(int hour) {
        return MIDNIGHT.plus(Duration.ofHours(hour));
    }

    static Forecast perfect(String zone, double... hourly) {
        return Forecasts.perfect(IntensitySeries.of(zone, "test", MIDNIGHT, hourly));
    }

    static Schedule within(Duration run, int hoursOfSlackFromMidnight) {
        return new Schedule(run, at(hoursOfSlackFromMidnight));
    }

    @Test
    void a_job_is_deferred_to_the_cleanest_hour_and_the_reason_says_so() {
        Forecast forecast = perfect("ES", 390, 300, 250, 212, 280, 330);

        DeferralDecision decision = CarbonDeferral.decide(MIDNIGHT, within(ONE_HOUR, 5), List.of("ES"), forecast);

        assertThat(decision.start()).isEqualTo(at(3));
        assertThat(decision.region()).isEqualTo("ES");
        assertThat(decision.expectedGramsPerKwh()).hasValue(212.0);
        assertThat(decision.nowGramsPerKwh()).hasValue(390.0);
        assertThat(decision.deferred()).isTrue();
        assertThat(decision.delay()).isEqualTo(Duration.ofHours(3));
        assertThat(decision.reason()).isEqualTo("deferred to 03:00 UTC: 212 gCO2e/kWh forecast against 390 now");
    }

    @Test
    void never_later_than_the_latest_start_even_when_later_is_cleaner() {
        Forecast forecast = perfect("ES", 390, 300, 250, 10, 10, 10);

        DeferralDecision decision = CarbonDeferral.decide(MIDNIGHT, within(ONE_HOUR, 2), List.of("ES"), forecast);

        assertThat(decision.start()).isEqualTo(at(2));
        assertThat(decision.expectedGramsPerKwh()).hasValue(250.0);
    }

    @Test
    void a_job_starts_now_when_now_is_already_best_including_a_tie() {
        DeferralDecision best = CarbonDeferral.decide(MIDNIGHT, within(ONE_HOUR, 3), List.of("ES"), perfect("ES", 100, 200, 150, 300));
        DeferralDecision tie = CarbonDeferral.decide(MIDNIGHT, within(ONE_HOUR, 3), List.of("ES"), perfect("ES", 100, 200, 100, 300));

        assertThat(best.start()).isEqualTo(MIDNIGHT);
        assertThat(best.deferred()).isFalse();
        assertThat(best.reason()).isEqualTo("started now: 100 gCO2e/kWh forecast, no lower forecast up to the latest start, 03:00 UTC");
        assertThat(tie.start()).isEqualTo(MIDNIGHT);
    }

    @Test
    void a_job_starts_now_when_the_forecast_has_nothing_for_now() {
        Forecast later = Forecasts.perfect(IntensitySeries.of("ES", "test", at(2), 10, 10));

        DeferralDecision decision = CarbonDeferral.decide(MIDNIGHT, within(ONE_HOUR, 3), List.of("ES"), later);

        assertThat(decision.start()).isEqualTo(MIDNIGHT);
        assertThat(decision.expectedGramsPerKwh()).isEmpty();
        assertThat(decision.reason()).isEqualTo("started now: no forecast for now in ES");
    }

    @Test
    void the_whole_run_counts_a_long_job_waits_for_the_cleanest_window_not_the_cleanest_hour() {
        // Hour 1 alone is cleanest (50) but a 3-hour run from 1 averages (50+400+400)/3; from 3 it is 150.
        Forecast forecast = perfect("ES", 300, 50, 400, 150, 150, 150, 500);

        DeferralDecision decision = CarbonDeferral.decide(MIDNIGHT, within(Duration.ofHours(3), 4), List.of("ES"), forecast);

        assertThat(decision.start()).isEqualTo(at(3));
        assertThat(decision.expectedGramsPerKwh().getAsDouble()).isCloseTo(150, offset(1e-9));
        assertThat(decision.nowGramsPerKwh().getAsDouble()).isCloseTo(250, offset(1e-9));
    }

    @Test
    void a_window_with_an_unforecast_hour_is_not_a_candidate() {
        // Hours 0..2 known, hour 3 (the run's second hour from 2) unknown: a start at 2 cannot be scored.
        Forecast forecast = perfect("ES", 300, 290, 10);

        DeferralDecision decision = CarbonDeferral.decide(MIDNIGHT, within(Duration.ofHours(2), 2), List.of("ES"), forecast);

        assertThat(decision.start()).isEqualTo(at(1));
        assertThat(decision.expectedGramsPerKwh().getAsDouble()).isCloseTo(150, offset(1e-9));
    }

    @Test
    void off_the_hour_now_weighs_the_part_hours_of_the_run() {
        // Now is 00:30: a 1-hour run now is half of hour 0 (400) and half of hour 1 (200); whole hours start at 01:00.
        Forecast forecast = perfect("ES", 400, 200, 300);

        DeferralDecision decision = CarbonDeferral.decide(at(0).plusSeconds(1800), within(ONE_HOUR, 2), List.of("ES"), forecast);

        assertThat(decision.nowGramsPerKwh().getAsDouble()).isCloseTo(300, offset(1e-9));
        assertThat(decision.start()).isEqualTo(at(1));
        assertThat(decision.expectedGramsPerKwh()).hasValue(200.0);
        assertThat(CarbonDeferral.averageOver(IntensitySeries.of("ES", "t", MIDNIGHT, 400, 200).hourly("ES", MIDNIGHT, at(2)),
                at(0).plusSeconds(2700), Duration.ofMinutes(60)).getAsDouble()).isCloseTo(250, offset(1e-9));
        assertThat(CarbonDeferral.averageOver(List.of(), MIDNIGHT, ONE_HOUR)).isEqualTo(OptionalDouble.empty());
    }

    @Test
    void among_several_regions_the_cleanest_start_anywhere_wins_and_the_reason_names_the_region() {
        Forecast both = (region, now, from, to) -> switch (region) {
            case "ES" -> perfect("ES", 300, 250, 260).hourly("ES", now, from, to);
            case "FR" -> perfect("FR", 280, 60, 90).hourly("FR", now, from, to);
            default -> List.of();
        };

        DeferralDecision decision = CarbonDeferral.decide(MIDNIGHT, within(ONE_HOUR, 2), List.of("ES", "FR", "XX"), both);

        assertThat(decision.region()).isEqualTo("FR");
        assertThat(decision.start()).isEqualTo(at(1));
        assertThat(decision.nowGramsPerKwh()).as("the best region now").hasValue(280.0);
        assertThat(decision.reason()).isEqualTo("deferred to 01:00 UTC in FR: 60 gCO2e/kWh forecast against 280 now");
    }

    @Test
    void with_no_slack_the_job_starts_now_and_a_start_more_than_a_day_off_carries_its_date() {
        DeferralDecision noSlack = CarbonDeferral.decide(at(1), within(ONE_HOUR, 0), List.of("ES"), perfect("ES", 1, 100, 1));
        double[] days = new double[40];
        Arrays.fill(days, 300);
        days[30] = 20;
        DeferralDecision farOff = CarbonDeferral.decide(MIDNIGHT, within(ONE_HOUR, 39), List.of("ES"), perfect("ES", days));

        assertThat(noSlack.start()).isEqualTo(at(1));
        assertThat(noSlack.reason()).isEqualTo("started now: 100 gCO2e/kWh forecast, no slack to wait");
        assertThat(farOff.reason()).isEqualTo("deferred to 2022-01-02 06:00 UTC: 20 gCO2e/kWh forecast against 300 now");
        assertThatThrownBy(() -> CarbonDeferral.decide(MIDNIGHT, within(ONE_HOUR, 1), List.of(), perfect("ES", 1)))
                .hasMessageContaining("regions is empty");
    }
}
