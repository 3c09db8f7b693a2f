package dev.lepton.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FakeClockTest {

    @Test
    void time_stands_still_at_the_fixed_start_until_moved() {
        FakeClock clock = new FakeClock();

        assertThat(clock.instant()).isEqualTo(FakeClock.START).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(clock.instant()).isEqualTo(clock.instant());
        assertThat(clock.millis()).isEqualTo(FakeClock.START.toEpochMilli());
    }

    @Test
    void advancing_moves_time_forward_by_exactly_the_step() {
        FakeClock clock = new FakeClock();

        Instant after = clock.advance(Duration.ofMinutes(5));
        clock.advanceMillis(250);

        assertThat(after).isEqualTo(FakeClock.START.plusSeconds(300));
        assertThat(clock.instant()).isEqualTo(FakeClock.START.plusMillis(300_250));
    }

    @Test
    void time_never_advances_backwards_but_may_be_set_anywhere() {
        FakeClock clock = new FakeClock(Instant.parse("2031-06-01T12:00:00Z"));

        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        clock.set(Instant.parse("2029-01-01T00:00:00Z"));

        assertThat(clock.instant()).isEqualTo(Instant.parse("2029-01-01T00:00:00Z"));
    }

    @Test
    void it_serves_as_a_zoned_clock_too() {
        FakeClock clock = new FakeClock();

        assertThat(clock.withZone(java.time.ZoneOffset.UTC).instant()).isEqualTo(FakeClock.START);
    }
}
