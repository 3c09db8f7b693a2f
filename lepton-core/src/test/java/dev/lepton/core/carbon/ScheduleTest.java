package dev.lepton.core.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** spec.schedule: what makes a latest start, and the errors that name the field. */
class ScheduleTest {
    static final Instant NOW = Instant.parse("2022-01-01T10:00:00Z");
    static final Optional<Duration> TWO_HOURS = Optional.of(Duration.ofHours(2));

    @Test
    void max_delay_gives_the_latest_start_from_now() {
        assertThat(Schedule.of(NOW, TWO_HOURS, Optional.of(Duration.ofHours(24)), Optional.empty()))
                .contains(new Schedule(Duration.ofHours(2), NOW.plus(Duration.ofHours(24))));
    }

    @Test
    void a_deadline_gives_the_latest_start_as_the_deadline_less_the_run_and_the_earlier_bound_wins() {
        Optional<Instant> deadline = Optional.of(NOW.plus(Duration.ofHours(12)));

        assertThat(Schedule.of(NOW, TWO_HOURS, Optional.empty(), deadline).orElseThrow().latestStart())
                .isEqualTo(NOW.plus(Duration.ofHours(10)));
        assertThat(Schedule.of(NOW, TWO_HOURS, Optional.of(Duration.ofHours(3)), deadline).orElseThrow().latestStart())
                .isEqualTo(NOW.plus(Duration.ofHours(3)));
        assertThat(Schedule.of(NOW, Optional.of(Duration.ofHours(20)), Optional.empty(), deadline).orElseThrow().latestStart())
                .as("a deadline too close to keep leaves no delay").isEqualTo(NOW);
    }

    @Test
    void without_max_delay_or_deadline_there_is_nothing_to_defer() {
        assertThat(Schedule.of(NOW, TWO_HOURS, Optional.empty(), Optional.empty())).isEmpty();
        assertThat(Schedule.of(NOW, Optional.empty(), Optional.empty(), Optional.empty())).isEmpty();
    }

    @Test
    void a_deadline_in_the_past_is_an_error_naming_the_deadline() {
        assertRefused(() -> Schedule.of(NOW, TWO_HOURS, Optional.empty(), Optional.of(NOW.minusSeconds(1))),
                "spec.schedule.deadline: is in the past");
    }

    @Test
    void max_delay_or_deadline_without_expected_duration_is_an_error_naming_expected_duration() {
        assertRefused(() -> Schedule.of(NOW, Optional.empty(), Optional.of(Duration.ofHours(1)), Optional.empty()),
                "spec.schedule.expectedDuration: is required with spec.schedule.maxDelay");
        assertRefused(() -> Schedule.of(NOW, Optional.empty(), Optional.empty(), Optional.of(NOW.plusSeconds(60))),
                "spec.schedule.expectedDuration: is required with spec.schedule.deadline");
    }

    @Test
    void durations_must_make_sense() {
        assertRefused(() -> Schedule.of(NOW, Optional.of(Duration.ZERO), Optional.of(Duration.ofHours(1)), Optional.empty()),
                "spec.schedule.expectedDuration: must be longer than 0");
        assertRefused(() -> Schedule.of(NOW, TWO_HOURS, Optional.of(Duration.ofHours(-1)), Optional.empty()),
                "spec.schedule.maxDelay: must not be negative");
    }

    private static void assertRefused(Runnable check, String message) {
        assertThatThrownBy(check::run).isInstanceOf(LeptonException.class).hasMessageStartingWith(message)
                .satisfies(e -> assertThat(((LeptonException) e).code()).isEqualTo(ErrorCode.INVALID_SPEC));
    }
}
