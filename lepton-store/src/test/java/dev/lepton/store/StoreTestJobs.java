package dev.lepton.store;

import dev.lepton.core.placement.Constraints;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobPhase;
import dev.lepton.core.job.JobSpec;
import dev.lepton.core.job.JobStatus;
import dev.lepton.core.job.Preemption;
import dev.lepton.core.job.RetryPolicy;
import dev.lepton.core.job.StopReason;
import dev.lepton.core.job.WorkerState;
import dev.lepton.core.job.WorkerStatus;
import dev.lepton.core.resource.Resources;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Jobs for store tests: {@code StoreTestJobs.job("ml", "train").phase(RUNNING).priority(5).build()}. */
final class StoreTestJobs {
    static final Instant T0 = Instant.parse("2030-01-02T03:04:05.678Z");

    private StoreTestJobs() {}

    static Builder job(String project, String name) {
        return new Builder(project, name);
    }

    static final class Builder {
        private final String project;
        private final String name;
        private String uid = UUID.randomUUID().toString();
        private String queue = "default";
        private int priority;
        private JobPhase phase = JobPhase.PENDING;
        private Instant createdAt = T0;

        private Builder(String project, String name) {
            this.project = project;
            this.name = name;
        }

        Builder uid(String value) {
            uid = value;
            return this;
        }

        Builder queue(String value) {
            queue = value;
            return this;
        }

        Builder priority(int value) {
            priority = value;
            return this;
        }

        Builder phase(JobPhase value) {
            phase = value;
            return this;
        }

        Builder createdAt(Instant value) {
            createdAt = value;
            return this;
        }

        Job build() {
            JobSpec spec = new JobSpec(
                    List.of("python", "train.py", "--epochs", "3"),
                    Map.of("SEED", "42"),
                    new Resources(2_000, 8L << 30, 1), Constraints.NONE,
                    2,
                    queue,
                    priority,
                    Preemption.DEFAULT,
                    new RetryPolicy(2, Duration.ofSeconds(5), Duration.ofMinutes(1)),
                    Optional.of(Duration.ofHours(2)),
                    Map.of("team", "vision"));
            return new Job(project, name, uid, "alice", 0, createdAt, 0, spec, status());
        }

        private JobStatus status() {
            if (phase == JobPhase.PENDING) {
                return JobStatus.pending();
            }
            WorkerStatus worker = WorkerStatus.launching(0, "node-a", List.of(0))
                    .started("pid 4242", Optional.of(4242L), createdAt.plusSeconds(2))
                    .withUsage(12.5, 1L << 30);
            return new JobStatus(phase, 1, 0, Optional.empty(), phase.isTerminal() ? Optional.of(0) : Optional.empty(),
                    "in " + phase.displayName(), Optional.of(createdAt.plusSeconds(1)), Optional.empty(),
                    phase == JobPhase.PREEMPTED ? Optional.of(StopReason.CANCELLED) : Optional.empty(),
                    List.of(worker, WorkerStatus.launching(1, "node-b", List.of()).finished(WorkerState.LOST, Optional.empty())), 3_600.5,
                    Optional.of(createdAt.plusSeconds(3)), Optional.empty());
        }
    }
}
