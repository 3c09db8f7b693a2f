package dev.lepton.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SlurmTimeTest {
    @Test
    void instants_are_read_in_utc_and_placeholders_are_absent() {
        assertThat(SlurmTime.instant("2026-12-04T15:43:25")).contains(Instant.parse("2026-12-04T15:43:25Z"));
        assertThat(SlurmTime.instant("Unknown")).isEmpty();
        assertThat(SlurmTime.instant("N/A")).isEmpty();
        assertThat(SlurmTime.instant("NONE")).isEmpty();
    }

    @Test
    void durations_come_in_all_of_slurms_shapes() {
        assertThat(SlurmTime.duration("30")).contains(Duration.ofMinutes(30));
        assertThat(SlurmTime.duration("30:15")).contains(Duration.ofMinutes(30).plusSeconds(15));
        assertThat(SlurmTime.duration("12:00:00")).contains(Duration.ofHours(12));
        assertThat(SlurmTime.duration("2-00:00:00")).contains(Duration.ofDays(2));
        assertThat(SlurmTime.duration("1-12")).contains(Duration.ofHours(36));
        assertThat(SlurmTime.duration("1-01:30")).contains(Duration.ofHours(25).plusMinutes(30));
        assertThat(SlurmTime.duration("UNLIMITED")).isEmpty();
        assertThat(SlurmTime.duration("NONE")).isEmpty();
    }

    @Test
    void a_time_limit_is_written_in_days_hours_minutes_and_whole_seconds_rounded_up() {
        assertThat(SlurmTime.limit(Duration.ofMinutes(90))).isEqualTo("0-01:30:00");
        assertThat(SlurmTime.limit(Duration.ofDays(3).plusSeconds(1))).isEqualTo("3-00:00:01");
        assertThat(SlurmTime.limit(Duration.ofMillis(1500))).isEqualTo("0-00:00:02");
        assertThat(SlurmTime.duration(SlurmTime.limit(Duration.ofHours(49)))).contains(Duration.ofHours(49));
    }
}
