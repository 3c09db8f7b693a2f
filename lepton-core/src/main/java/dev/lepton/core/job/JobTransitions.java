package dev.lepton.core.job;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.ProcessRef;
import dev.lepton.core.execution.Usage;
import dev.lepton.core.execution.WorkerExit;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.placement.Assignment;
import dev.lepton.core.resource.Quantities;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What happens to a job when something happens to it, as pure functions from a job and an
 * event to the next job (and, where workers must be stopped, which ones). Every phase change
 * goes through {@link JobLifecycle}; every worker report is checked against the current epoch.
 */
public final class JobTransitions {
    private JobTransitions() {}

    /** The decision after an event: the job to store, and the workers to stop, if any. */
    public record Decision(Job job, List<AttemptId> toStop) {
        public Decision {
            toStop = List.copyOf(toStop);
        }

        public static Decision of(Job job) {
            return new Decision(job, List.of());
        }
    }

    /** A new job enters its queue. */
    public static Job admit(Job job) {
        return phase(job, JobPhase.QUEUED, s -> s.message("waiting in queue " + job.spec().queue()));
    }

    /**
     * Its schedule chose a later, lower-carbon start: the job leaves its queue until {@code start}, kept as
     * its {@code notBefore} (so that a restart keeps it), and says why in {@code reason}.
     */
    public static Job defer(Job job, Instant start, String reason) {
        return phase(job, JobPhase.DEFERRED, s -> s.notBefore(Optional.of(start)).waitCause(Optional.of(WaitCause.DEFERRED))
                .message(reason));
    }

    /** Its chosen start has come: back in its queue, to be placed as any other job. */
    public static Job release(Job job) {
        String reason = job.status().message();
        return phase(job, JobPhase.QUEUED, s -> s.notBefore(Optional.empty()).waitCause(Optional.of(WaitCause.QUEUED))
                .message("waiting in queue " + job.spec().queue() + "; its chosen start has come (" + reason + ")"));
    }

    /** A placement was found: a new attempt (epoch) starts, each worker launching on its node. */
    public static Job schedule(Job job, List<Assignment> assignments) {
        if (assignments.size() != job.spec().workers()) {
            throw new IllegalArgumentException("job " + job.qualifiedName() + " needs " + job.spec().workers()
                    + " assignments, got " + assignments.size());
        }
        List<WorkerStatus> workers = assignments.stream()
                .map(a -> WorkerStatus.launching(a.rank(), a.node(), a.gpuIndices())).toList();
        return phase(job, JobPhase.SCHEDULED, s -> s.epoch(job.status().epoch() + 1).notBefore(Optional.empty()).exitCode(Optional.empty())
                .stopping(Optional.empty()).workers(workers).message("launching " + workers.size() + " worker(s)"));
    }

    /** A placement could not be found now: the job stays queued and says why, as a type and in words. */
    public static Job waiting(Job job, WaitCause cause, String why) {
        return job.withStatus(Status.of(job.status()).waitCause(Optional.of(cause)).message(why).build());
    }

    /**
     * A job it depends on ended in a way that can never satisfy it (it failed, and had to succeed):
     * the queued job fails without running, saying why, as Slurm's {@code DependencyNeverSatisfied}.
     */
    public static Job dependencyNeverSatisfied(Job job, String why, Instant now) {
        return phase(job, JobPhase.FAILED, s -> s.message(why).notBefore(Optional.empty()).finishedAt(Optional.of(now)));
    }

    /** A worker's process exists. When the whole gang runs, so does the job. */
    public static Job workerStarted(Job job, ProcessRef process, Instant now) {
        WorkerStatus worker = currentWorker(job, process.attempt());
        Job next = withWorker(job, worker.started(process.handle(), process.pid(), process.startedAt()));
        boolean allRunning = next.status().workers().stream().allMatch(w -> w.state() != WorkerState.LAUNCHING);
        if (job.phase() == JobPhase.SCHEDULED && allRunning) {
            return phase(next, JobPhase.RUNNING, s -> s.startedAt(Optional.of(job.status().startedAt().orElse(now)))
                    .message("running"));
        }
        return next;
    }

    /** Usage sampled from a running worker. */
    public static Job usage(Job job, AttemptId attempt, Usage usage) {
        WorkerStatus worker = currentWorker(job, attempt);
        return withWorker(job, worker.withUsage(usage.cpuSeconds(), usage.peakMemoryBytes()));
    }

    /**
     * A worker ended. A failure stops the rest of the gang; once every worker of the attempt has
     * ended, the job succeeds, is retried after its back-off, or ends.
     */
    public static Decision workerExited(Job job, AttemptId attempt, Optional<Integer> exitCode, Usage usage, Instant now) {
        return workerExited(job, new WorkerExit(attempt, exitCode, usage), now);
    }

    /**
     * A worker ended, as its executor reports it, with the reason the executor ended it, if it did
     * ({@link WorkerExit#OOM_KILLED}): the reason is kept on the worker and named in the job's message.
     */
    public static Decision workerExited(Job job, WorkerExit exit, Instant now) {
        AttemptId attempt = exit.attempt();
        Optional<Integer> exitCode = exit.exitCode();
        Usage usage = exit.usage();
        WorkerStatus worker = currentWorker(job, attempt).withUsage(usage.cpuSeconds(), usage.peakMemoryBytes());
        WorkerState outcome;
        if (exit.oomKilled() && !exitCode.equals(Optional.of(0)) && job.status().stopping().isEmpty()) {
            outcome = WorkerState.FAILED; // its own doing, even though a signal ended it
        } else if (job.status().stopping().isPresent() && exitCode.map(c -> c != 0).orElse(true)) {
            outcome = WorkerState.KILLED;
        } else if (exitCode.isEmpty()) {
            // The executor failed it for a reason (an image it could not pull), or it went away with its node or pod.
            outcome = exit.lost() ? WorkerState.LOST : WorkerState.FAILED;
        } else {
            outcome = exitCode.get() == 0 ? WorkerState.SUCCEEDED : WorkerState.FAILED;
        }
        Job next = withWorker(job, worker.finished(outcome, exitCode, exit.reason()));
        if (outcome == WorkerState.FAILED || outcome == WorkerState.LOST) {
            Status s = Status.of(next.status());
            if (next.status().stopping().isEmpty()) {
                s.stopping(Optional.of(StopReason.GANG_FAILED)).exitCode(exitCode)
                        .message(describeFailure(job, worker.rank(), exit));
            }
            next = next.withStatus(s.build());
        }
        if (next.status().workers().stream().allMatch(w -> w.state().isFinished())) {
            return Decision.of(attemptEnded(next, now));
        }
        if (next.status().stopping().isPresent() && job.status().stopping().isEmpty()) {
            return new Decision(next, running(next));
        }
        return Decision.of(next);
    }

    /**
     * A worker could not be launched: the ones not started are failed, the ones already started
     * are stopped, and the attempt ends once they have.
     */
    public static Decision launchFailed(Job job, int rank, String why, Instant now) {
        List<WorkerStatus> workers = job.status().workers().stream()
                .map(w -> w.state() == WorkerState.LAUNCHING ? w.finished(WorkerState.FAILED, Optional.empty()) : w).toList();
        Job failed = job.withStatus(Status.of(job.status()).workers(workers).stopping(Optional.of(StopReason.GANG_FAILED))
                .message("worker " + rank + " could not be launched: " + why).build());
        List<AttemptId> live = running(failed);
        return live.isEmpty() ? Decision.of(attemptEnded(failed, now)) : new Decision(failed, live);
    }

    /**
     * The server stopped while launching and none of the attempt's workers ever started: the
     * attempt did not happen, so the job goes back to its queue without counting a failure.
     */
    public static Job requeueInterrupted(Job job) {
        return phase(job, JobPhase.QUEUED, s -> s.workers(List.of()).stopping(Optional.empty())
                .message("requeued: its launch was interrupted by a server restart"));
    }

    /** A user cancels: a job not yet running ends at once; a running one stops its workers first. */
    public static Decision cancel(Job job, Instant now) {
        return stop(job, StopReason.CANCELLED, "cancelled", now);
    }

    /** Higher-priority work needs the job's room: its workers are stopped and it goes back to its queue. */
    public static Decision preempt(Job job, String why, Instant now) {
        if (job.phase() != JobPhase.RUNNING || job.status().stopping().isPresent()) {
            return Decision.of(job);
        }
        return stop(job, StopReason.PREEMPTED, "preempted: " + why, now);
    }

    /** The job ran past its {@code maxDuration}. */
    public static Decision timeOut(Job job, Instant now) {
        String limit = job.spec().maxDuration().map(Quantities::formatDuration).orElse("?");
        return stop(job, StopReason.TIMED_OUT, "exceeded maxDuration " + limit, now);
    }

    private static Decision stop(Job job, StopReason reason, String message, Instant now) {
        Optional<StopReason> stopping = job.status().stopping();
        if (job.phase().isTerminal() || stopping.equals(Optional.of(StopReason.CANCELLED))) {
            return Decision.of(job);
        }
        if (stopping.isPresent()) {
            // Already stopping (a failed gang, a timeout): a cancel only changes how the job ends.
            return reason == StopReason.CANCELLED
                    ? Decision.of(job.withStatus(Status.of(job.status()).stopping(Optional.of(reason))
                            .message(message + "; stopping workers").build()))
                    : Decision.of(job);
        }
        List<AttemptId> live = running(job);
        if (live.isEmpty()) {
            JobPhase end = reason == StopReason.CANCELLED ? JobPhase.CANCELLED : JobPhase.FAILED;
            return Decision.of(phase(job, end, s -> s.message(message).finishedAt(Optional.of(now)).notBefore(Optional.empty())));
        }
        return new Decision(job.withStatus(Status.of(job.status()).stopping(Optional.of(reason)).message(message + "; stopping workers").build()), live);
    }

    /** When the current attempt's first worker process started, if any did. */
    public static Optional<Instant> attemptStart(Job job) {
        return job.status().workers().stream().flatMap(w -> w.processStart().stream()).min(Instant::compareTo);
    }

    private static Job attemptEnded(Job ended, Instant now) {
        // The attempt's GPU-seconds join the job's attained service, whatever happens next.
        double ran = attemptStart(ended).map(start -> Math.max(0, Duration.between(start, now).toMillis() / 1000.0)).orElse(0.0)
                * ended.spec().resources().gpus() * ended.spec().workers();
        Job job = ended.withStatus(Status.of(ended.status()).attainedGpuSeconds(ended.status().attainedGpuSeconds() + ran)
                .lastAttemptEnded(Optional.of(now)).build());
        JobStatus status = job.status();
        Optional<StopReason> stopping = status.stopping();
        boolean allSucceeded = status.workers().stream().allMatch(w -> w.state() == WorkerState.SUCCEEDED);
        if (stopping.isEmpty() && allSucceeded) {
            return phase(job, JobPhase.SUCCEEDED, s -> s.exitCode(Optional.of(0)).message("all " + status.workers().size()
                    + " worker(s) succeeded").finishedAt(Optional.of(now)));
        }
        if (stopping.equals(Optional.of(StopReason.CANCELLED))) {
            return phase(job, JobPhase.CANCELLED, s -> s.message("cancelled").stopping(Optional.empty()).finishedAt(Optional.of(now)));
        }
        if (stopping.equals(Optional.of(StopReason.PREEMPTED))) {
            Job preempted = phase(job, JobPhase.PREEMPTED, s -> s.stopping(Optional.empty()).exitCode(Optional.empty()));
            return phase(preempted, JobPhase.QUEUED, s -> s.message(status.message().replace("; stopping workers", "")
                    + "; back in queue " + job.spec().queue()));
        }
        if (stopping.equals(Optional.of(StopReason.TIMED_OUT))) {
            return phase(job, JobPhase.FAILED, s -> s.message(status.message().replace("; stopping workers", ""))
                    .stopping(Optional.empty()).finishedAt(Optional.of(now)));
        }
        int failures = status.failures() + 1;
        RetryPolicy retry = job.spec().retry();
        String why = status.message();
        if (failures <= retry.maxRetries()) {
            Instant notBefore = Horizon.plus(now, retry.delayAfter(failures));
            return phase(job, JobPhase.QUEUED, s -> s.failures(failures).stopping(Optional.empty())
                    .notBefore(Optional.of(notBefore)).waitCause(Optional.of(WaitCause.RETRY_BACKOFF))
                    .message(why + "; retry " + failures + " of " + retry.maxRetries() + " after "
                            + Quantities.formatDuration(retry.delayAfter(failures))));
        }
        String exhausted = retry.maxRetries() == 0 ? why : why + "; no retries left (" + retry.maxRetries() + " used)";
        return phase(job, JobPhase.FAILED, s -> s.failures(failures).stopping(Optional.empty()).message(exhausted)
                .finishedAt(Optional.of(now)));
    }

    private static String describeFailure(Job job, int rank, WorkerExit exit) {
        String who = job.spec().workers() == 1 ? "worker" : "worker " + rank;
        if (exit.oomKilled()) {
            return who + " was " + WorkerExit.OOM_KILLED + ": it used more than its memory limit of "
                    + Quantities.formatBytes(job.spec().resources().memoryBytes())
                    + exit.exitCode().map(c -> " (exit code " + c + ")").orElse("");
        }
        Optional<Integer> exitCode = exit.exitCode();
        String more = exit.message().map(m -> ": " + m).orElse("");
        if (exitCode.isEmpty() && exit.reason().isPresent()) {
            return who + " failed (" + exit.reason().get() + ")" + more;
        }
        return exitCode.map(c -> who + " exited with code " + c + more)
                .orElse(who + " was lost (" + exit.message().orElse("its process ended without an exit status") + ")");
    }

    /** Workers of the current attempt that have not ended. */
    public static List<AttemptId> running(Job job) {
        List<AttemptId> live = new ArrayList<>();
        for (WorkerStatus w : job.status().workers()) {
            if (!w.state().isFinished()) {
                live.add(new AttemptId(job.uid(), job.status().epoch(), w.rank()));
            }
        }
        return live;
    }

    private static WorkerStatus currentWorker(Job job, AttemptId attempt) {
        if (!attempt.jobUid().equals(job.uid()) || attempt.epoch() != job.status().epoch()) {
            throw new LeptonException(ErrorCode.STALE_EPOCH, "report from attempt " + attempt
                    + " is stale: job " + job.qualifiedName() + " is at epoch " + job.status().epoch());
        }
        WorkerStatus worker = job.status().workers().stream().filter(w -> w.rank() == attempt.rank()).findFirst()
                .orElseThrow(() -> new LeptonException(ErrorCode.STALE_EPOCH, "job " + job.qualifiedName()
                        + " has no worker " + attempt.rank()));
        if (worker.state().isFinished()) {
            throw new LeptonException(ErrorCode.STALE_EPOCH, "report from attempt " + attempt + " is stale: worker "
                    + attempt.rank() + " has already ended (" + worker.state() + ")");
        }
        return worker;
    }

    private static Job withWorker(Job job, WorkerStatus worker) {
        List<WorkerStatus> workers = new ArrayList<>(job.status().workers());
        workers.replaceAll(w -> w.rank() == worker.rank() ? worker : w);
        return job.withStatus(Status.of(job.status()).workers(workers).build());
    }

    /** A move to another phase; whatever cause the job waited for is gone unless {@code change} names a new one. */
    private static Job phase(Job job, JobPhase to, java.util.function.UnaryOperator<Status> change) {
        JobLifecycle.move(job.qualifiedName(), job.phase(), to);
        return job.withStatus(change.apply(Status.of(job.status()).phase(to).waitCause(Optional.empty())).build());
    }

    /** A mutable copy of a status, used only inside this class to keep transitions readable. */
    private static final class Status {
        private JobPhase phase;
        private int epoch;
        private int failures;
        private Optional<Instant> notBefore;
        private Optional<Integer> exitCode;
        private String message;
        private Optional<Instant> startedAt;
        private Optional<Instant> finishedAt;
        private Optional<StopReason> stopping;
        private List<WorkerStatus> workers;
        private double attainedGpuSeconds;
        private Optional<Instant> lastAttemptEnded;
        private Optional<WaitCause> waitCause;

        static Status of(JobStatus s) {
            Status b = new Status();
            b.phase = s.phase();
            b.epoch = s.epoch();
            b.failures = s.failures();
            b.notBefore = s.notBefore();
            b.exitCode = s.exitCode();
            b.message = s.message();
            b.startedAt = s.startedAt();
            b.finishedAt = s.finishedAt();
            b.stopping = s.stopping();
            b.workers = s.workers();
            b.attainedGpuSeconds = s.attainedGpuSeconds();
            b.lastAttemptEnded = s.lastAttemptEnded();
            b.waitCause = s.waitCause();
            return b;
        }

        Status phase(JobPhase v) { phase = v; return this; }
        Status epoch(int v) { epoch = v; return this; }
        Status failures(int v) { failures = v; return this; }
        Status notBefore(Optional<Instant> v) { notBefore = v; return this; }
        Status exitCode(Optional<Integer> v) { exitCode = v; return this; }
        Status message(String v) { message = v; return this; }
        Status startedAt(Optional<Instant> v) { startedAt = v; return this; }
        Status finishedAt(Optional<Instant> v) { finishedAt = v; return this; }
        Status stopping(Optional<StopReason> v) { stopping = v; return this; }
        Status workers(List<WorkerStatus> v) { workers = v; return this; }
        Status attainedGpuSeconds(double v) { attainedGpuSeconds = v; return this; }
        Status lastAttemptEnded(Optional<Instant> v) { lastAttemptEnded = v; return this; }
        Status waitCause(Optional<WaitCause> v) { waitCause = v; return this; }

        JobStatus build() {
            return new JobStatus(phase, epoch, failures, notBefore, exitCode, message, startedAt, finishedAt, stopping, workers,
                    attainedGpuSeconds, lastAttemptEnded, waitCause);
        }
    }
}
