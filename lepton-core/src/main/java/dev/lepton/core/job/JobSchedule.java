package dev.lepton.core.job;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.carbon.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A job's {@code spec.schedule}, as the user wrote it: how long it expects to run, and how late it may
 * start ({@code maxDelay} after submission, or so as to end by {@code deadline}). The scheduler defers
 * a job with slack to the lowest-carbon start the forecast offers ({@link dev.lepton.core.carbon.CarbonDeferral}).
 */
public record JobSchedule(Optional<Duration> expectedDuration, Optional<Duration> maxDelay, Optional<Instant> deadline) {
    public JobSchedule {
        requireNonNull(expectedDuration, "expectedDuration is null");
        requireNonNull(maxDelay, "maxDelay is null");
        requireNonNull(deadline, "deadline is null");
    }

    /**
     * The window its start may move in, for a job submitted at {@code submittedAt}; empty when it gives
     * neither {@code maxDelay} nor {@code deadline}. Checked at submission, so it does not throw for a
     * stored job ({@link Schedule#of}).
     */
    public Optional<Schedule> window(Instant submittedAt) {
        return Schedule.of(submittedAt, expectedDuration, maxDelay, deadline);
    }
}
