package dev.lepton.kubernetes.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A pod's counters' growth since first seen: the first reading a start, a drop a restart from zero, each series apart. */
class CounterIncreasesTest {
    private final CounterIncreases counters = new CounterIncreases();

    @Test
    void the_first_reading_is_where_the_pod_starts_and_each_later_one_adds_its_growth() {
        assertThat(counters.add("p", "gpu0", 900_000)).as("a GPU.s count since boot is not the pod.s").isZero();
        assertThat(counters.add("p", "gpu0", 907_000)).isEqualTo(7_000);
        assertThat(counters.add("p", "gpu0", 907_000)).isEqualTo(7_000);
        assertThat(counters.add("p", "gpu0", 910_500)).isEqualTo(10_500);
    }

    @Test
    void a_reading_below_the_one_before_is_a_counter_that_started_again_and_counts_from_zero() {
        counters.add("p", "", 5_000);
        counters.add("p", "", 5_400);

        assertThat(counters.add("p", "", 120)).as("Kepler restarted: 400 J before, 120 J since").isEqualTo(520);
        assertThat(counters.add("p", "", 200)).isEqualTo(600);
    }

    @Test
    void a_pod_s_counters_are_kept_apart_so_one_that_restarts_or_comes_late_does_not_count_the_others_again() {
        counters.add("p", "gpu0", 1_000);
        counters.add("p", "gpu1", 50_000);
        counters.add("p", "gpu0", 1_700);
        counters.add("p", "gpu1", 50_650);

        assertThat(counters.add("p", "gpu0", 30)).as("gpu0 restarted; gpu1 stays as it was").isEqualTo(700 + 650 + 30);
        assertThat(counters.add("p", "gpu2", 9_999_999)).as("a counter first seen now starts now").isEqualTo(1_380);
        assertThat(counters.increase("q")).isZero();
    }

    @Test
    void a_pod_that_is_no_longer_watched_is_forgotten_and_starts_again_if_seen_again() {
        counters.add("p", "", 100);
        counters.add("p", "", 160);
        counters.retain(List.of("other"));

        assertThat(counters.increase("p")).isZero();
        assertThat(counters.add("p", "", 400)).isZero();
    }

    @Test
    void a_reading_that_is_no_count_is_refused_naming_the_pod() {
        assertThatThrownBy(() -> counters.add("p", "gpu0", -1)).hasMessage("a counter reading must be finite and >= 0, got -1.0 for p gpu0");
    }
}
