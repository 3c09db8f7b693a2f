package dev.lepton.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UnitsTest {
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    @Test
    void bytesUseBinaryUnitsWithOneDecimal() {
        assertThat(Units.bytes(0)).isEqualTo("0B");
        assertThat(Units.bytes(1023)).isEqualTo("1023B");
        assertThat(Units.bytes(1024)).isEqualTo("1.0KiB");
        assertThat(Units.bytes(12_897_485)).isEqualTo("12.3MiB");
        assertThat(Units.bytes(80L * 1024 * 1024 * 1024)).isEqualTo("80.0GiB");
        assertThat(Units.bytes(Long.MAX_VALUE)).isEqualTo("8.0EiB");
    }

    @Test
    void agesUseTheLargestWholeUnit() {
        assertThat(Units.age(NOW.minusSeconds(45), NOW)).isEqualTo("45s");
        assertThat(Units.age(NOW.minusSeconds(12 * 60 + 5), NOW)).isEqualTo("12m");
        assertThat(Units.age(NOW.minus(Duration.ofHours(3)), NOW)).isEqualTo("3h");
        assertThat(Units.age(NOW.minus(Duration.ofDays(2)), NOW)).isEqualTo("2d");
        assertThat(Units.age(null, NOW)).isEqualTo("-");
    }

    @Test
    void anInstantInTheFutureIsZeroSecondsOldBecauseClocksDrift() {
        assertThat(Units.age(NOW.plusSeconds(3), NOW)).isEqualTo("0s");
    }

    @Test
    void exactDurationsReadBackAsTheyWereWritten() {
        assertThat(Units.exactDuration(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Units.exactDuration(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(Units.exactDuration(Duration.ZERO)).isEqualTo("0s");
        assertThat(Units.exactDuration(Duration.ofMillis(1500))).isEqualTo("1s500ms");
    }

    @Test
    void timesAreUtcToTheSecond() {
        assertThat(Units.time(Instant.parse("2025-03-01T12:00:00.123456Z"))).isEqualTo("2025-03-01T12:00:00Z");
        assertThat(Units.time(null)).isEqualTo("-");
    }
}
