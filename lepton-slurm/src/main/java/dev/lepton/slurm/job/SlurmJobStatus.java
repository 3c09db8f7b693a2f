package dev.lepton.slurm.job;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * What Slurm says of one job: its name (Lepton names each job after its attempt, so that a job id
 * Slurm gave out again after losing its state is not taken for the attempt's), state, the reason
 * Slurm gives ({@code Resources}, {@code NonZeroExitCode}, …), how its batch script ended, the nodes
 * it ran on, and when it started and ended, as far as each is known.
 */
public record SlurmJobStatus(SlurmJobId id, Optional<String> name, SlurmJobState state, Optional<String> reason, Optional<SlurmExit> exit,
                             Optional<String> nodes, Optional<Instant> start, Optional<Instant> end) {
    public SlurmJobStatus {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(state, "state is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(exit, "exit is null");
        requireNonNull(nodes, "nodes is null");
        requireNonNull(start, "start is null");
        requireNonNull(end, "end is null");
    }

    /** A job no one asked knows any more. */
    public static SlurmJobStatus gone(SlurmJobId id) {
        return new SlurmJobStatus(id, Optional.empty(), SlurmJobState.GONE, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }
}
