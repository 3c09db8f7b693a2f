package dev.lepton.core.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lookups answer the hour that contains the instant, and nothing outside the data. */
class IntensitySeriesTest {
    static final Instant T0 = Instant.parse("2022-06-01T00:00:00Z");
    static final IntensitySeries ES = IntensitySeries.of("ES", "electricitymaps-csv:es.csv", T0, 200, 150, 300);

    @Test
    void any_instant_in_an_hour_answers_that_hours_value_with_its_origin() {
        assertThat(ES.intensity("ES", T0.plusSeconds(3599))).contains(new Intensity(200, "electricitymaps-csv:es.csv"));
        assertThat(ES.intensity("ES", T0.plusSeconds(3600))).contains(new Intensity(150, "electricitymaps-csv:es.csv"));
        assertThat(ES.intensity("ES", T0.plusSeconds(3 * 3600 - 1)).orElseThrow().gramsPerKwh()).isEqualTo(300);
    }

    @Test
    void outside_the_series_or_for_another_region_the_answer_is_empty() {
        assertThat(ES.intensity("ES", T0.minusNanos(1))).isEmpty();
        assertThat(ES.intensity("ES", ES.end())).isEmpty();
        assertThat(ES.intensity("FR", T0)).isEmpty();
        assertThat(ES.forRegion("eu-south").intensity("eu-south", T0)).isPresent();
    }

    @Test
    void hourly_lists_the_hours_overlapping_the_range_that_the_series_holds() {
        assertThat(ES.hourly("ES", T0.minusSeconds(7200), T0.plusSeconds(5400)))
                .containsExactly(new HourlyIntensity(T0, 200), new HourlyIntensity(T0.plusSeconds(3600), 150));
        assertThat(ES.hourly("ES", T0.plusSeconds(1800), T0.plusSeconds(10 * 3600))).hasSize(3);
        assertThat(ES.hourly("ES", ES.end(), ES.end().plusSeconds(3600))).isEmpty();
    }

    @Test
    void a_static_map_answers_every_hour_for_the_regions_it_names_and_can_stand_behind_a_series() {
        StaticIntensity fixed = new StaticIntensity(Map.of("ES", 250.0, "us-east", 380.0));
        CarbonIntensitySource both = CarbonIntensitySource.inOrder(List.of(ES, fixed));

        assertThat(fixed.intensity("us-east", T0)).contains(new Intensity(380, "static"));
        assertThat(fixed.intensity("mars", T0)).isEmpty();
        assertThat(fixed.hourly("us-east", T0.plusSeconds(60), T0.plusSeconds(7200))).extracting(HourlyIntensity::hour)
                .containsExactly(T0, T0.plusSeconds(3600));
        assertThat(both.intensity("ES", T0)).contains(new Intensity(200, "electricitymaps-csv:es.csv"));
        assertThat(both.intensity("ES", ES.end())).contains(new Intensity(250, "static"));
        assertThatThrownBy(() -> new StaticIntensity(Map.of("ES", -1.0))).hasMessageContaining("-1.0");
    }

    @Test
    void values_are_checked_at_construction() {
        assertThatThrownBy(() -> IntensitySeries.of("ES", "x", T0.plusSeconds(60), 1)).hasMessageContaining("on the hour");
        assertThatThrownBy(() -> IntensitySeries.of("ES", "x", T0, 1, -2)).hasMessageContaining("-2.0");
        assertThatThrownBy(() -> IntensitySeries.of("ES", "x", T0)).hasMessageContaining("at least one hour");
    }
}
