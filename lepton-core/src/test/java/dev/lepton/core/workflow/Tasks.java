package dev.lepton.core.workflow;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.ProcessRef;
import dev.lepton.core.execution.Usage;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobPhase;
import dev.lepton.core.job.JobSpec;
import dev.lepton.core.job.JobStatus;
import dev.lepton.core.job.JobTransitions;
import dev.lepton.core.job.Preemption;
import dev.lepton.core.job.RetryPolicy;
import dev.lepton.core.placement.Assignment;
import dev.lepton.core.placement.Constraints;
import dev.lepton.core.resource.Resources;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Jobs in a given phase for the workflow tests, moved there through the real transitions. */
final class Tasks {
    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    static final JobSpec SPEC = new JobSpec(List.of("true"), Map.of(), new Resources(500, 1L << 28, 0), Constraints.NONE, 1, "default", 0,
            Preemption.DEFAULT, RetryPolicy.DEFAULT, Optional.empty(), Map.of());

    private Tasks() {}

    /** The tasks of array {@code name} over {@code indices}, each queued. */
    static List<Job> array(String name, String indices, int parallelism) {
        ArrayRequest request = new ArrayRequest(indices, ArrayIndices.parse(indices), parallelism);
        List<ArrayRequest.Task> tasks = request.tasks(name, SPEC);
        return tasks.stream().map(t -> job(t.name(), t.spec(), tasks.indexOf(t) + 1)).toList();
    }

    static Job job(String name, long seq) {
        return job(name, SPEC, seq);
    }

    static Job job(String name, JobSpec spec, long seq) {
        return JobTransitions.admit(new Job("ml", name, "uid-" + name, "alice", seq, T0, 1, spec, JobStatus.pending()));
    }

    /** The job moved on to {@code phase}: scheduled, running, or ended (failed with exit code 3). */
    static Job in(Job job, JobPhase phase) {
        if (phase == JobPhase.QUEUED) {
            return job;
        }
        if (phase == JobPhase.CANCELLED) {
            return JobTransitions.cancel(job, T0).job();
        }
        Job scheduled = JobTransitions.schedule(job, List.of(new Assignment(0, "n1", List.of())));
        if (phase == JobPhase.SCHEDULED) {
            return scheduled;
        }
        AttemptId attempt = new AttemptId(job.uid(), 1, 0);
        Job running = JobTransitions.workerStarted(scheduled, ProcessRef.local(attempt, 100, T0), T0);
        return switch (phase) {
            case RUNNING -> running;
            case SUCCEEDED -> JobTransitions.workerExited(running, attempt, Optional.of(0), Usage.NONE, T0.plusSeconds(1)).job();
            case FAILED -> JobTransitions.workerExited(running, attempt, Optional.of(3), Usage.NONE, T0.plusSeconds(1)).job();
            default -> throw new IllegalArgumentException("no way to " + phase);
        };
    }
}
