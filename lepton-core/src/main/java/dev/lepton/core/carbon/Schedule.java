package dev.lepton.core.carbon;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.failure.LeptonException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a job may start: it runs for about {@code expectedDuration} and must start by {@code latestStart}.
 * Built from the job's {@code spec.schedule} by {@link #of}.
 */
public record Schedule(Duration expectedDuration, Instant latestStart) {
    public Schedule {
        requireNonNull(expectedDuration, "expectedDuration is null");
        requireNonNull(latestStart, "latestStart is null");
        if (expectedDuration.isNegative() || expectedDuration.isZero()) {
            throw new IllegalArgumentException("expectedDuration must be longer than 0, got " + expectedDuration);
        }
    }

    /**
     * Checks {@code spec.schedule} at submission ({@code now}) and gives the window its start may move in;
     * empty when the job gives neither {@code maxDelay} nor {@code deadline} (it starts as soon as it can).
     * The latest start is {@code now + maxDelay}, or {@code deadline - expectedDuration}, the earlier of the
     * two when both are given, and never before {@code now}: a deadline too close to keep is not refused,
     * the job simply gets no delay.
     *
     * @throws LeptonException naming {@code spec.schedule.deadline} when the deadline is in the past,
     *     {@code spec.schedule.expectedDuration} when it is missing beside a {@code maxDelay} or {@code deadline}
     *     or not positive, {@code spec.schedule.maxDelay} when negative
     */
    public static Optional<Schedule> of(Instant now, Optional<Duration> expectedDuration, Optional<Duration> maxDelay,
                                        Optional<Instant> deadline) {
        requireNonNull(now, "now is null");
        expectedDuration.filter(d -> d.isNegative() || d.isZero()).ifPresent(d -> {
            throw LeptonException.invalid("spec.schedule.expectedDuration", d, "must be longer than 0");
        });
        maxDelay.filter(Duration::isNegative).ifPresent(d -> {
            throw LeptonException.invalid("spec.schedule.maxDelay", d, "must not be negative");
        });
        deadline.filter(d -> d.isBefore(now)).ifPresent(d -> {
            throw LeptonException.invalid("spec.schedule.deadline", d, "is in the past (now is " + now + ")");
        });
        if (maxDelay.isEmpty() && deadline.isEmpty()) {
            return Optional.empty();
        }
        Duration duration = expectedDuration.orElseThrow(() -> LeptonException.invalid("spec.schedule.expectedDuration", "nothing",
                "is required with " + (maxDelay.isPresent() ? "spec.schedule.maxDelay" : "spec.schedule.deadline")
                        + ": a start is chosen for the whole run"));
        Instant latest = maxDelay.map(now::plus).orElse(Instant.MAX);
        if (deadline.isPresent() && deadline.get().minus(duration).isBefore(latest)) {
            latest = deadline.get().minus(duration);
        }
        return Optional.of(new Schedule(duration, latest.isBefore(now) ? now : latest));
    }
}
