package dev.lepton.kubernetes.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lepton.core.execution.Usage;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PodUseTest {
    private static final Instant SCRAPE = Instant.parse("2026-12-05T09:13:52Z");

    private static PodSample sample(Instant at, double cores, long memory) {
        return new PodSample("lepton-train-7f3a-1-0", at, Duration.ofSeconds(15), cores, memory);
    }

    @Test
    void cpu_time_adds_each_rate_over_the_time_since_the_sample_before_and_the_first_over_its_window() {
        PodUse use = PodUse.NONE.plus(sample(SCRAPE, 0.5, 100));
        assertThat(use.cpuSeconds()).isCloseTo(7.5, within(1e-9));

        use = use.plus(sample(SCRAPE.plusSeconds(10), 1.0, 300)).plus(sample(SCRAPE.plusSeconds(25), 2.0, 200));

        assertThat(use.cpuSeconds()).isCloseTo(7.5 + 10 + 30, within(1e-9));
        assertThat(use.peakMemoryBytes()).as("the most memory seen").isEqualTo(300);
        assertThat(use.cpuCores()).as("the latest rate").isEqualTo(2.0);
        assertThat(use.usage()).isEqualTo(new Usage(use.cpuSeconds(), 300));
    }

    @Test
    void a_sample_already_had_or_older_changes_nothing() {
        PodUse use = PodUse.NONE.plus(sample(SCRAPE, 0.5, 100));

        assertThat(use.plus(sample(SCRAPE, 0.5, 100))).isEqualTo(use);
        assertThat(use.plus(sample(SCRAPE.minusSeconds(15), 4, 900))).isEqualTo(use);
    }

    @Test
    void without_a_sample_nothing_is_known() {
        assertThat(PodUse.NONE.sampled()).isFalse();
        assertThat(PodUse.NONE.usage()).isEqualTo(Usage.NONE);
    }
}
