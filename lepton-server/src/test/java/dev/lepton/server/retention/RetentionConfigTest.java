package dev.lepton.server.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Retention's defaults, as docs/jobs.md and docs/operations.md state them, and what it refuses. */
class RetentionConfigTest {
    @Test
    void by_default_ended_jobs_are_kept_30_days_keys_a_day_and_a_log_up_to_64_mib() {
        RetentionConfig defaults = RetentionConfig.DEFAULTS;

        assertThat(defaults.endedJobs()).contains(Duration.ofDays(30));
        assertThat(defaults.idempotencyKeys()).isEqualTo(Duration.ofHours(24));
        assertThat(defaults.maxLogBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(defaults.sweepInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(defaults.logCheckInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(dev.lepton.server.ServerConfig.defaults(java.nio.file.Path.of("/tmp/h")).retention()).isEqualTo(defaults);
    }

    @Test
    void ended_jobs_may_be_kept_for_ever_but_not_for_no_time_and_a_log_cap_has_a_floor() {
        assertThat(RetentionConfig.DEFAULTS.withEndedJobs(Optional.empty()).endedJobs()).isEmpty();
        assertThatThrownBy(() -> RetentionConfig.DEFAULTS.withEndedJobs(Optional.of(Duration.ZERO)))
                .hasMessage("--retention: must be more than 0 (got 0s)");
        assertThatThrownBy(() -> RetentionConfig.DEFAULTS.withMaxLogBytes(1024)).hasMessage("--max-log-size: must be at least 64KiB (got 1KiB)");
    }
}
