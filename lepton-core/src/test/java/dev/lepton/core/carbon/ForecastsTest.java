package dev.lepton.core.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Perfect, persistence and file forecasts, and that persistence never reads past now. */
class ForecastsTest {
    static final Instant T0 = Instant.parse("2022-01-01T00:00:00Z");
    /** Three days, hour i of the series worth i gCO2e/kWh: a value names the hour it came from. */
    static final IntensitySeries RAMP = IntensitySeries.of("ES", "test", T0, IntStream.range(0, 72).mapToDouble(i -> i).toArray());

    static Instant hour(int i) {
        return T0.plus(Duration.ofHours(i));
    }

    @Test
    void a_perfect_forecast_is_the_series_itself() {
        assertThat(Forecasts.perfect(RAMP).hourly("ES", hour(30), hour(30), hour(33))).extracting(HourlyIntensity::gramsPerKwh)
                .containsExactly(30.0, 31.0, 32.0);
    }

    @Test
    void persistence_forecasts_each_hour_by_the_value_a_day_earlier() {
        Forecast persistence = Forecasts.persistence(RAMP);

        assertThat(persistence.hourly("ES", hour(30), hour(30), hour(55)))
                .allSatisfy(h -> assertThat(h.gramsPerKwh()).isEqualTo(Duration.between(T0, h.hour()).toHours() - 24));
    }

    @Test
    void persistence_more_than_a_day_ahead_repeats_the_latest_measured_day_and_never_looks_past_now() {
        // At 10:30 on day 0, 10:00 on day 1 is 24 h ahead: 10:00 on day 0 (measured by now). 11:00 on day 1 is
        // 25 h ahead: 24 h earlier is 11:00 on day 0, still to come, so 48 h earlier, before the series: no value.
        Forecast persistence = Forecasts.persistence(RAMP);
        Instant now = hour(10).plusSeconds(1800);

        assertThat(persistence.hourly("ES", now, hour(34), hour(35))).containsExactly(new HourlyIntensity(hour(34), 10));
        assertThat(persistence.hourly("ES", now, hour(35), hour(36))).isEmpty();
        assertThat(persistence.hourly("ES", hour(40), hour(71), hour(72))).containsExactly(new HourlyIntensity(hour(71), 23));
    }

    @Test
    void persistence_over_several_days_is_the_mean_of_the_same_hour_over_the_days_already_measured() {
        Forecast threeDays = Forecasts.persistence(RAMP, 3);

        // At 70:00, hour 70 is the mean of hours 46, 22 and -2; the last is before the series, so of two.
        assertThat(threeDays.hourly("ES", hour(70), hour(70), hour(71))).containsExactly(new HourlyIntensity(hour(70), (46 + 22) / 2.0));
        // 25 h ahead, the latest day measured is 48 h back (hour 23); 72 and 96 h back are before the series.
        assertThat(threeDays.hourly("ES", hour(46), hour(71), hour(72))).containsExactly(new HourlyIntensity(hour(71), 23));
        assertThat(Forecasts.persistence(RAMP, 1).hourly("ES", hour(30), hour(30), hour(55)))
                .isEqualTo(Forecasts.persistence(RAMP).hourly("ES", hour(30), hour(30), hour(55)));
    }

    @Test
    void each_forecast_kind_is_named_by_its_label_and_a_wrong_one_is_refused_with_the_choices() {
        assertThat(ForecastKind.of("--carbon-forecast", " Weekly")).isEqualTo(ForecastKind.WEEKLY);
        assertThat(ForecastKind.WEEKLY.over(RAMP).hourly("ES", hour(70), hour(70), hour(71)))
                .isEqualTo(Forecasts.persistence(RAMP, 7).hourly("ES", hour(70), hour(70), hour(71)));
        assertThatThrownBy(() -> ForecastKind.of("--carbon-forecast", "tomorrow"))
                .hasMessage("--carbon-forecast: perfect, persistence, weekly (got 'tomorrow')");
        assertThatThrownBy(() -> Forecasts.persistence(RAMP, 0)).hasMessageContaining("days must be at least 1, got 0");
    }

    @Test
    void without_a_day_of_history_persistence_has_nothing_to_say() {
        assertThat(Forecasts.persistence(RAMP).hourly("ES", hour(3), hour(3), hour(10))).isEmpty();
        assertThat(Forecasts.persistence(RAMP).hourly("FR", hour(40), hour(40), hour(41))).isEmpty();
    }

    @Test
    void a_forecast_file_is_read_like_measurements_and_answers_whatever_now_is() {
        IntensitySeries file = IntensityCsv.parse("es-forecast.csv", IntensityCsvTest.OLD_HEADER
                + IntensityCsvTest.row("2022-01-01 00:00:00", "1", "80") + IntensityCsvTest.row("2022-01-01 01:00:00", "1", "90"),
                EmissionFactor.LIFECYCLE);

        assertThat(Forecasts.fromFile(file).hourly("ES", Instant.EPOCH, T0, hour(5)))
                .containsExactly(new HourlyIntensity(T0, 80), new HourlyIntensity(hour(1), 90));
    }
}
