package dev.lepton.core.job;

import static dev.lepton.core.job.Jobs.T0;
import static dev.lepton.core.job.Jobs.attempt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.ProcessRef;
import dev.lepton.core.execution.Usage;
import dev.lepton.core.execution.WorkerExit;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.job.JobTransitions.Decision;
import dev.lepton.core.placement.Assignment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class JobTransitionsTest {
    private static final Instant STARTED = T0.plusSeconds(5);
    private static final Instant LATER = T0.plusSeconds(60);
    private static final Optional<Integer> SIGTERM = Optional.of(143);

    private static Decision exit(Job job, int rank, int code, Instant now) {
        return JobTransitions.workerExited(job, attempt(job, rank), Optional.of(code), Usage.NONE, now);
    }

    private static Decision lost(Job job, int rank, Instant now) {
        return JobTransitions.workerExited(job, attempt(job, rank), Optional.empty(), Usage.NONE, now);
    }

    private static Job killed(Job job, int rank, Instant now) {
        return JobTransitions.workerExited(job, attempt(job, rank), SIGTERM, Usage.NONE, now).job();
    }

    @Nested
    class Deferral {
        static final String REASON = "deferred to 03:00 UTC: 212 gCO2e/kWh forecast against 390 now";
        static final Instant START = T0.plus(Duration.ofHours(3));

        @Test
        void a_queued_job_with_a_later_start_is_deferred_until_then_and_says_why() {
            Job deferred = JobTransitions.defer(Jobs.training().build(), START, REASON);

            assertThat(deferred.phase()).isEqualTo(JobPhase.DEFERRED);
            assertThat(deferred.status().notBefore()).contains(START);
            assertThat(deferred.status().waitCause()).contains(WaitCause.DEFERRED);
            assertThat(deferred.status().message()).isEqualTo(REASON);
        }

        @Test
        void at_its_start_a_deferred_job_goes_back_to_its_queue_without_a_time_to_wait_for() {
            Job released = JobTransitions.release(JobTransitions.defer(Jobs.training().build(), START, REASON));

            assertThat(released.phase()).isEqualTo(JobPhase.QUEUED);
            assertThat(released.status().notBefore()).isEmpty();
            assertThat(released.status().waitCause()).as("decided: a restart does not decide it again").contains(WaitCause.QUEUED);
            assertThat(released.status().message()).contains("waiting in queue default").contains(REASON);
        }

        @Test
        void a_deferred_job_is_cancelled_at_once() {
            Decision cancelled = JobTransitions.cancel(JobTransitions.defer(Jobs.training().build(), START, REASON), LATER);

            assertThat(cancelled.job().phase()).isEqualTo(JobPhase.CANCELLED);
            assertThat(cancelled.job().status().notBefore()).isEmpty();
            assertThat(cancelled.toStop()).isEmpty();
        }

        @Test
        void a_running_job_cannot_be_deferred() {
            Job running = JobTransitions.schedule(Jobs.training().build(), List.of(new Assignment(0, "n1", List.of())));

            assertThatThrownBy(() -> JobTransitions.defer(running, START, REASON))
                    .isInstanceOfSatisfying(LeptonException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION));
        }
    }

    @Nested
    class Admission {
        @Test
        void a_new_job_enters_its_queue() {
            Job job = JobTransitions.admit(Jobs.training().pending());

            assertThat(job.phase()).isEqualTo(JobPhase.QUEUED);
            assertThat(job.status().epoch()).isZero();
            assertThat(job.status().message()).contains("default");
        }

        @Test
        void a_job_is_admitted_only_once() {
            Job queued = Jobs.training().build();

            assertThatThrownBy(() -> JobTransitions.admit(queued))
                    .isInstanceOfSatisfying(LeptonException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION));
        }

        @Test
        void a_job_that_waits_for_resources_stays_queued_and_says_why_as_a_type_and_in_words() {
            Job job = JobTransitions.waiting(Jobs.training().build(), WaitCause.RESOURCES, "waiting for resources: n1: needs 2 nvidia.com/gpu, 0 free");

            assertThat(job.phase()).isEqualTo(JobPhase.QUEUED);
            assertThat(job.status().waitCause()).contains(WaitCause.RESOURCES);
            assertThat(job.status().message()).isEqualTo("waiting for resources: n1: needs 2 nvidia.com/gpu, 0 free");
        }

        @Test
        void leaving_the_queue_forgets_why_the_job_waited() {
            Job waiting = JobTransitions.waiting(Jobs.training().build(), WaitCause.QUOTA, "waiting for quota: queue ml is full");

            Job scheduled = JobTransitions.schedule(waiting, List.of(new Assignment(0, "n1", List.of())));

            assertThat(scheduled.status().waitCause()).isEmpty();
        }
    }

    @Nested
    class Launch {
        @Test
        void scheduling_starts_a_new_epoch_with_every_worker_launching_where_it_was_placed() {
            Job job = Jobs.schedule(Jobs.training().workers(2).gpus(2).build(), "n1");

            assertThat(job.phase()).isEqualTo(JobPhase.SCHEDULED);
            assertThat(job.status().epoch()).isEqualTo(1);
            assertThat(job.status().workers()).extracting(WorkerStatus::state).containsOnly(WorkerState.LAUNCHING);
            assertThat(job.status().workers()).extracting(WorkerStatus::node).containsOnly("n1");
            assertThat(job.status().workers()).extracting(WorkerStatus::gpuIndices)
                    .containsExactly(List.of(0, 1), List.of(2, 3));
        }

        @Test
        void a_placement_must_name_a_node_for_every_worker() {
            Job job = Jobs.training().workers(2).build();

            assertThatThrownBy(() -> JobTransitions.schedule(job, List.of(new Assignment(0, "n1", List.of()))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 2 assignments, got 1");
        }

        @Test
        void the_job_runs_once_every_worker_of_its_gang_has_started() {
            Job scheduled = Jobs.schedule(Jobs.training().workers(2).build(), "n1");

            Job oneStarted = JobTransitions.workerStarted(scheduled, ProcessRef.local(attempt(scheduled, 0), 4242, STARTED), STARTED);
            Job bothStarted = JobTransitions.workerStarted(oneStarted, ProcessRef.local(attempt(oneStarted, 1), 4243, STARTED), LATER);

            assertThat(oneStarted.phase()).isEqualTo(JobPhase.SCHEDULED);
            assertThat(oneStarted.status().workers().get(0).pid()).contains(4242L);
            assertThat(bothStarted.phase()).isEqualTo(JobPhase.RUNNING);
            assertThat(bothStarted.status().startedAt()).contains(LATER);
            assertThat(bothStarted.status().workers()).extracting(WorkerStatus::state).containsOnly(WorkerState.RUNNING);
        }

        @Test
        void a_launch_failure_with_retries_left_requeues_the_job_after_its_backoff() {
            Job scheduled = Jobs.schedule(Jobs.training().maxRetries(2).build(), "n1");

            Decision d = JobTransitions.launchFailed(scheduled, 0, "no such file: train.py", LATER);

            assertThat(d.toStop()).isEmpty();
            assertThat(d.job().phase()).isEqualTo(JobPhase.QUEUED);
            assertThat(d.job().status().failures()).isEqualTo(1);
            assertThat(d.job().status().notBefore()).contains(LATER.plusSeconds(10));
            assertThat(d.job().status().message()).contains("worker 0 could not be launched: no such file: train.py");
        }

        @Test
        void a_launch_failure_without_retries_fails_the_job() {
            Job scheduled = Jobs.schedule(Jobs.training().build(), "n1");

            Job failed = JobTransitions.launchFailed(scheduled, 0, "no such file: train.py", LATER).job();

            assertThat(failed.phase()).isEqualTo(JobPhase.FAILED);
            assertThat(failed.status().finishedAt()).contains(LATER);
            assertThat(failed.status().message()).isEqualTo("worker 0 could not be launched: no such file: train.py");
        }

        @Test
        void a_launch_failure_in_a_gang_stops_the_workers_already_started_before_retrying() {
            Job scheduled = Jobs.schedule(Jobs.training().workers(2).maxRetries(1).build(), "n1");
            Job first = JobTransitions.workerStarted(scheduled, ProcessRef.local(attempt(scheduled, 0), 4242, STARTED), STARTED);

            Decision d = JobTransitions.launchFailed(first, 1, "executor refused", STARTED);

            assertThat(d.toStop()).containsExactly(attempt(first, 0));
            assertThat(d.job().phase()).isEqualTo(JobPhase.SCHEDULED);
            assertThat(d.job().status().workers().get(1).state()).isEqualTo(WorkerState.FAILED);

            Job retried = killed(d.job(), 0, LATER);

            assertThat(retried.phase()).isEqualTo(JobPhase.QUEUED);
            assertThat(retried.status().failures()).isEqualTo(1);
            assertThat(retried.status().workers().get(0).state()).isEqualTo(WorkerState.KILLED);
        }

        @Test
        void a_launch_interrupted_by_a_restart_requeues_without_counting_a_failure() {
            Job afterOneFailure = Jobs.run(Jobs.training().maxRetries(3).build(), STARTED);
            afterOneFailure = exit(afterOneFailure, 0, 1, LATER).job();
            Job scheduledAgain = Jobs.schedule(afterOneFailure, "n2");

            Job requeued = JobTransitions.requeueInterrupted(scheduledAgain);

            assertThat(requeued.phase()).isEqualTo(JobPhase.QUEUED);
            assertThat(requeued.status().failures()).isEqualTo(1);
            assertThat(requeued.status().workers()).isEmpty();
            assertThat(requeued.status().stopping()).isEmpty();
            assertThat(Jobs.schedule(requeued, "n1").status().epoch()).isEqualTo(3);
        }

        @Test
        void workers_that_all_end_before_their_start_is_recorded_still_succeed() {
            Job scheduled = Jobs.schedule(Jobs.training().workers(2).build(), "n1");

            Job done = exit(exit(scheduled, 0, 0, LATER).job(), 1, 0, LATER).job();

            assertThat(done.phase()).isEqualTo(JobPhase.SUCCEEDED);
        }
    }

    @Nested
    class Completion {
        @Test
        void a_gang_whose_workers_all_exit_zero_succeeds_with_exit_code_zero() {
            Job running = Jobs.run(Jobs.training().workers(2).build(), STARTED);

            Decision first = exit(running, 1, 0, LATER);
            Decision second = exit(first.job(), 0, 0, LATER.plusSeconds(1));

            assertThat(first.job().phase()).isEqualTo(JobPhase.RUNNING);
            assertThat(first.toStop()).isEmpty();
            assertThat(second.job().phase()).isEqualTo(JobPhase.SUCCEEDED);
            assertThat(second.job().status().exitCode()).contains(0);
            assertThat(second.job().status().finishedAt()).contains(LATER.plusSeconds(1));
            assertThat(second.job().status().message()).isEqualTo("all 2 worker(s) succeeded");
        }

        @Test
        void when_one_worker_of_a_gang_fails_the_others_are_stopped() {
            Job running = Jobs.run(Jobs.training().workers(2).maxRetries(1).build(), STARTED);

            Decision d = exit(running, 0, 3, LATER);

            assertThat(d.toStop()).containsExactly(attempt(running, 1));
            assertThat(d.job().phase()).isEqualTo(JobPhase.RUNNING);
            assertThat(d.job().status().stopping()).contains(StopReason.GANG_FAILED);
            assertThat(d.job().status().exitCode()).contains(3);
            assertThat(d.job().status().message()).isEqualTo("worker 0 exited with code 3");
        }

        @Test
        void once_the_stopped_worker_is_killed_the_job_is_retried_after_its_backoff() {
            Job running = Jobs.run(Jobs.training().workers(2).maxRetries(1).build(), STARTED);
            Job stopping = exit(running, 0, 3, LATER).job();

            Job retried = killed(stopping, 1, LATER.plusSeconds(2));

            assertThat(retried.phase()).isEqualTo(JobPhase.QUEUED);
            assertThat(retried.status().failures()).isEqualTo(1);
            assertThat(retried.status().notBefore()).contains(LATER.plusSeconds(2).plusSeconds(10));
            assertThat(retried.status().stopping()).isEmpty();
            assertThat(retried.status().workers()).extracting(WorkerStatus::state)
                    .containsExactly(WorkerState.FAILED, WorkerState.KILLED);
            assertThat(retried.status().message()).startsWith("worker 0 exited with code 3").contains("retry 1 of 1 after 10s");
        }

        @Test
        void without_retries_a_failed_gang_fails_naming_the_worker_and_its_exit_code() {
            Job running = Jobs.run(Jobs.training().workers(2).build(), STARTED);
            Job stopping = exit(running, 1, 3, LATER).job();

            Job failed = killed(stopping, 0, LATER);

            assertThat(failed.phase()).isEqualTo(JobPhase.FAILED);
            assertThat(failed.status().exitCode()).contains(3);
            assertThat(failed.status().failures()).isEqualTo(1);
            assertThat(failed.status().finishedAt()).contains(LATER);
            assertThat(failed.status().message()).isEqualTo("worker 1 exited with code 3");
        }

        @Test
        void a_job_that_exhausts_its_retries_fails_and_says_so() {
            Job job = Jobs.training().maxRetries(1).build();
            Job firstTry = Jobs.run(job, STARTED);
            Job retried = exit(firstTry, 0, 2, LATER).job();
            Job secondTry = Jobs.run(retried, LATER.plusSeconds(30));

            Job failed = exit(secondTry, 0, 2, LATER.plusSeconds(90)).job();

            assertThat(secondTry.status().epoch()).isEqualTo(2);
            assertThat(failed.phase()).isEqualTo(JobPhase.FAILED);
            assertThat(failed.status().failures()).isEqualTo(2);
            assertThat(failed.status().exitCode()).contains(2);
            assertThat(failed.status().message()).isEqualTo("worker exited with code 2; no retries left (1 used)");
        }

        @Test
        void each_further_failure_waits_twice_as_long_before_its_retry() {
            Job job = Jobs.training().maxRetries(5).backoff(Duration.ofSeconds(10)).build();
            Job afterFirst = exit(Jobs.run(job, STARTED), 0, 1, LATER).job();

            Job afterSecond = exit(Jobs.run(afterFirst, LATER), 0, 1, LATER).job();

            assertThat(afterFirst.status().notBefore()).contains(LATER.plusSeconds(10));
            assertThat(afterSecond.status().notBefore()).contains(LATER.plusSeconds(20));
        }

        @Test
        void a_lost_worker_counts_as_a_failure() {
            Job running = Jobs.run(Jobs.training().maxRetries(1).build(), STARTED);

            Job retried = lost(running, 0, LATER).job();

            assertThat(retried.phase()).isEqualTo(JobPhase.QUEUED);
            assertThat(retried.status().failures()).isEqualTo(1);
            assertThat(retried.status().workers().get(0).state()).isEqualTo(WorkerState.LOST);
            assertThat(retried.status().message()).contains("worker was lost");
        }

        @Test
        void a_lost_worker_in_a_gang_stops_the_others_and_is_named() {
            Job running = Jobs.run(Jobs.training().workers(3).build(), STARTED);

            Decision d = lost(running, 2, LATER);

            assertThat(d.toStop()).containsExactly(attempt(running, 0), attempt(running, 1));
            assertThat(d.job().status().exitCode()).isEmpty();
            assertThat(d.job().status().message()).contains("worker 2 was lost");
        }

        @Test
        void a_retried_job_keeps_the_start_of_its_first_attempt() {
            Job retried = exit(Jobs.run(Jobs.training().maxRetries(1).build(), STARTED), 0, 1, LATER).job();

            Job again = Jobs.run(retried, LATER.plusSeconds(30));

            assertThat(again.status().startedAt()).contains(STARTED);
        }

        // Was a bug (JobTransitions.schedule): a new attempt keeps the exit code of the attempt before it,
        // so a retried job shows Running with exitCode 3, and ends Cancelled or timed out (Failed) with
        // an exit code its last attempt never had. Fix: in schedule(), also set exitCode(Optional.empty()).
        @Test
        void a_new_attempt_does_not_show_the_exit_code_of_the_one_before() {
            Job retried = exit(Jobs.run(Jobs.training().maxRetries(1).build(), STARTED), 0, 3, LATER).job();

            Job again = Jobs.run(retried, LATER.plusSeconds(30));

            assertThat(again.status().exitCode()).isEmpty();
        }

        @Test
        void usage_reports_keep_the_highest_figures_seen() {
            Job running = Jobs.run(Jobs.training().build(), STARTED);

            Job sampled = JobTransitions.usage(running, attempt(running, 0), new Usage(12.5, 2_000));
            sampled = JobTransitions.usage(sampled, attempt(sampled, 0), new Usage(11.0, 1_000));

            assertThat(sampled.status().workers().get(0).cpuSeconds()).isEqualTo(12.5);
            assertThat(sampled.status().workers().get(0).peakMemoryBytes()).isEqualTo(2_000);
        }
    }

    @Nested
    class OutOfMemory {
        private Decision oomKilled(Job job, int rank, Optional<Integer> code, Instant now) {
            return JobTransitions.workerExited(job, new WorkerExit(attempt(job, rank), code, Usage.NONE, Optional.of(WorkerExit.OOM_KILLED)), now);
        }

        @Test
        void a_worker_killed_over_its_memory_limit_fails_the_job_saying_oomkilled_and_keeps_the_reason() {
            Job running = Jobs.run(Jobs.training().build(), STARTED);

            Job failed = oomKilled(running, 0, Optional.of(137), LATER).job();

            assertThat(failed.phase()).isEqualTo(JobPhase.FAILED);
            assertThat(failed.status().exitCode()).contains(137);
            assertThat(failed.status().message()).isEqualTo("worker was OOMKilled: it used more than its memory limit of 1GiB (exit code 137)");
            assertThat(failed.status().workers().get(0).state()).isEqualTo(WorkerState.FAILED);
            assertThat(failed.status().workers().get(0).reason()).contains(WorkerExit.OOM_KILLED);
        }

        @Test
        void an_oom_kill_is_retried_as_the_retry_policy_says_and_the_new_attempt_forgets_the_reason() {
            Job running = Jobs.run(Jobs.training().workers(2).maxRetries(1).build(), STARTED);
            Decision stopping = oomKilled(running, 1, Optional.empty(), LATER);

            Job retried = killed(stopping.job(), 0, LATER);

            assertThat(stopping.toStop()).containsExactly(attempt(running, 0));
            assertThat(retried.phase()).isEqualTo(JobPhase.QUEUED);
            assertThat(retried.status().message()).startsWith("worker 1 was OOMKilled").contains("retry 1 of 1");
            assertThat(Jobs.run(retried, LATER.plusSeconds(30)).status().workers()).allMatch(w -> w.reason().isEmpty());
        }

        @Test
        void a_worker_that_exits_zero_succeeds_whatever_its_executor_saw() {
            Job running = Jobs.run(Jobs.training().build(), STARTED);

            assertThat(oomKilled(running, 0, Optional.of(0), LATER).job().phase()).isEqualTo(JobPhase.SUCCEEDED);
        }
    }

    @Nested
    class ExecutorReasons {
        private Decision ended(Job job, int rank, Optional<String> reason, String message) {
            return JobTransitions.workerExited(job, new WorkerExit(attempt(job, rank), Optional.empty(), Usage.NONE, reason,
                    Optional.of(message)), LATER);
        }

        @Test
        void a_worker_its_executor_could_not_start_fails_the_job_naming_the_reason_and_the_runtime_s_words() {
            Job running = Jobs.run(Jobs.training().build(), STARTED);

            Job failed = ended(running, 0, Optional.of("ErrImagePull"), "pull access denied for nope").job();

            assertThat(failed.phase()).isEqualTo(JobPhase.FAILED);
            assertThat(failed.status().workers().get(0).state()).isEqualTo(WorkerState.FAILED);
            assertThat(failed.status().workers().get(0).reason()).contains("ErrImagePull");
            assertThat(failed.status().exitCode()).isEmpty();
            assertThat(failed.status().message()).isEqualTo("worker failed (ErrImagePull): pull access denied for nope");
        }

        @Test
        void a_worker_lost_with_its_pod_is_lost_in_the_executor_s_words_and_retried() {
            Job running = Jobs.run(Jobs.training().maxRetries(1).build(), STARTED);

            Job retried = ended(running, 0, Optional.empty(), "its pod was deleted").job();

            assertThat(retried.phase()).isEqualTo(JobPhase.QUEUED);
            assertThat(retried.status().workers().get(0).state()).isEqualTo(WorkerState.LOST);
            assertThat(retried.status().message()).startsWith("worker was lost (its pod was deleted)").contains("retry 1 of 1");
        }
    }

    @Nested
    class Fencing {
        @Test
        void a_report_from_an_earlier_attempt_is_refused_as_stale() {
            Job firstTry = Jobs.run(Jobs.training().maxRetries(1).build(), STARTED);
            AttemptId old = attempt(firstTry, 0);
            Job secondTry = Jobs.run(exit(firstTry, 0, 1, LATER).job(), LATER);

            assertThatThrownBy(() -> JobTransitions.workerExited(secondTry, old, Optional.of(0), Usage.NONE, LATER))
                    .isInstanceOfSatisfying(LeptonException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STALE_EPOCH))
                    .hasMessageContaining("epoch 2");
        }

        @Test
        void a_report_for_another_job_or_an_unknown_worker_is_refused() {
            Job running = Jobs.run(Jobs.training().build(), STARTED);

            assertThatThrownBy(() -> JobTransitions.workerStarted(running, ProcessRef.local(new AttemptId("other-job", 1, 0), 1, STARTED), STARTED))
                    .isInstanceOfSatisfying(LeptonException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STALE_EPOCH));
            assertThatThrownBy(() -> JobTransitions.usage(running, new AttemptId(running.uid(), 1, 7), Usage.NONE))
                    .isInstanceOfSatisfying(LeptonException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STALE_EPOCH))
                    .hasMessageContaining("no worker 7");
        }

        // Was a bug (JobTransitions.currentWorker): an exit for a worker that has already ended is accepted
        // when the epoch has not moved on. Here the FAILED worker 0 is overwritten as KILLED; once the
        // attempt has ended the same report throws ILLEGAL_TRANSITION (e.g. Queued → Queued) instead.
        // Fix: in currentWorker, or at the top of workerExited, refuse a report about a worker whose
        // state isFinished() with STALE_EPOCH ("worker N of attempt E has already ended").
        @Test
        void a_second_exit_report_for_a_worker_that_has_ended_is_refused() {
            Job running = Jobs.run(Jobs.training().workers(2).maxRetries(1).build(), STARTED);
            Job stopping = exit(running, 0, 3, LATER).job();

            assertThatThrownBy(() -> exit(stopping, 0, 3, LATER))
                    .isInstanceOfSatisfying(LeptonException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STALE_EPOCH));
            Job requeued = killed(stopping, 1, LATER);
            assertThatThrownBy(() -> killed(requeued, 1, LATER))
                    .isInstanceOfSatisfying(LeptonException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STALE_EPOCH));
        }
    }

    @Nested
    class Cancellation {
        @Test
        void a_queued_job_is_cancelled_at_once() {
            Decision d = JobTransitions.cancel(Jobs.training().build(), LATER);

            assertThat(d.toStop()).isEmpty();
            assertThat(d.job().phase()).isEqualTo(JobPhase.CANCELLED);
            assertThat(d.job().status().finishedAt()).contains(LATER);
        }

        @Test
        void a_pending_job_and_a_job_waiting_for_its_retry_are_cancelled_at_once() {
            Job retrying = exit(Jobs.run(Jobs.training().maxRetries(1).build(), STARTED), 0, 1, LATER).job();

            assertThat(JobTransitions.cancel(Jobs.training().pending(), LATER).job().phase()).isEqualTo(JobPhase.CANCELLED);
            Job cancelled = JobTransitions.cancel(retrying, LATER).job();
            assertThat(cancelled.phase()).isEqualTo(JobPhase.CANCELLED);
            assertThat(cancelled.status().notBefore()).isEmpty();
        }

        @Test
        void a_running_job_stops_its_workers_first() {
            Job running = Jobs.run(Jobs.training().workers(2).build(), STARTED);

            Decision d = JobTransitions.cancel(running, LATER);

            assertThat(d.toStop()).containsExactly(attempt(running, 0), attempt(running, 1));
            assertThat(d.job().phase()).isEqualTo(JobPhase.RUNNING);
            assertThat(d.job().status().stopping()).contains(StopReason.CANCELLED);
            assertThat(d.job().status().message()).isEqualTo("cancelled; stopping workers");
        }

        @Test
        void a_cancelled_job_ends_cancelled_when_its_last_worker_ends_however_it_ends() {
            Job running = Jobs.run(Jobs.training().workers(2).maxRetries(3).build(), STARTED);
            Job stopping = JobTransitions.cancel(running, LATER).job();

            Job oneLeft = exit(stopping, 0, 0, LATER).job();
            Decision last = lost(oneLeft, 1, LATER.plusSeconds(30));

            assertThat(oneLeft.phase()).isEqualTo(JobPhase.RUNNING);
            assertThat(last.toStop()).isEmpty();
            assertThat(last.job().phase()).isEqualTo(JobPhase.CANCELLED);
            assertThat(last.job().status().failures()).isZero();
            assertThat(last.job().status().stopping()).isEmpty();
            assertThat(last.job().status().finishedAt()).contains(LATER.plusSeconds(30));
            assertThat(last.job().status().workers()).extracting(WorkerStatus::state)
                    .containsExactly(WorkerState.SUCCEEDED, WorkerState.KILLED);
        }

        @Test
        void cancelling_twice_stops_the_workers_once() {
            Job stopping = JobTransitions.cancel(Jobs.run(Jobs.training().build(), STARTED), LATER).job();

            Decision again = JobTransitions.cancel(stopping, LATER);

            assertThat(again.toStop()).isEmpty();
            assertThat(again.job()).isEqualTo(stopping);
        }

        @Test
        void cancelling_a_job_that_has_ended_changes_nothing() {
            Job done = exit(Jobs.run(Jobs.training().build(), STARTED), 0, 0, LATER).job();

            assertThat(JobTransitions.cancel(done, LATER.plusSeconds(1))).isEqualTo(Decision.of(done));
        }

        @Test
        void a_scheduled_job_stops_the_workers_it_is_launching() {
            Job scheduled = Jobs.schedule(Jobs.training().workers(2).build(), "n1");

            Decision d = JobTransitions.cancel(scheduled, LATER);

            assertThat(d.toStop()).containsExactly(attempt(scheduled, 0), attempt(scheduled, 1));
            assertThat(d.job().phase()).isEqualTo(JobPhase.SCHEDULED);
        }

        // Was a bug (JobTransitions.stop): while a failed gang's workers are being stopped, stop() returns
        // the job unchanged because stopping is already set, so the user's cancel is silently dropped
        // and the job is then retried (Queued) instead of ending Cancelled.
        // Fix: in stop(), when stopping is present and reason is CANCELLED (a user's word outranks a
        // retry), replace stopping with CANCELLED and keep toStop empty (the stops are already sent):
        //   if (job.status().stopping().isPresent()) {
        //       return reason == StopReason.CANCELLED && job.status().stopping().get() != StopReason.CANCELLED
        //               ? Decision.of(job.withStatus(...stopping(Optional.of(CANCELLED)).message("cancelled; stopping workers")))
        //               : Decision.of(job);
        //   }
        @Test
        void a_cancel_while_a_failed_gang_is_stopping_ends_the_job_cancelled_not_retried() {
            Job running = Jobs.run(Jobs.training().workers(2).maxRetries(3).build(), STARTED);
            Job stopping = exit(running, 0, 1, LATER).job();

            Job cancelRequested = JobTransitions.cancel(stopping, LATER).job();
            Job ended = killed(cancelRequested, 1, LATER.plusSeconds(1));

            assertThat(ended.phase()).isEqualTo(JobPhase.CANCELLED);
        }
    }

    @Nested
    class Timeout {
        @Test
        void a_job_past_its_max_duration_stops_its_workers_and_fails_without_retry() {
            Job running = Jobs.run(Jobs.training().workers(2).maxRetries(3).maxDuration(Duration.ofMinutes(5)).build(), STARTED);

            Decision d = JobTransitions.timeOut(running, STARTED.plus(Duration.ofMinutes(5)));
            Job oneKilled = killed(d.job(), 0, LATER);
            Job failed = killed(oneKilled, 1, LATER);

            assertThat(d.toStop()).hasSize(2);
            assertThat(d.job().status().stopping()).contains(StopReason.TIMED_OUT);
            assertThat(d.job().status().message()).isEqualTo("exceeded maxDuration 5m; stopping workers");
            assertThat(failed.phase()).isEqualTo(JobPhase.FAILED);
            assertThat(failed.status().failures()).isZero();
            assertThat(failed.status().notBefore()).isEmpty();
            assertThat(failed.status().message()).isEqualTo("exceeded maxDuration 5m");
        }

        @Test
        void a_timeout_while_a_failed_gang_is_stopping_changes_nothing() {
            Job running = Jobs.run(Jobs.training().workers(2).maxDuration(Duration.ofMinutes(5)).build(), STARTED);
            Job stopping = exit(running, 0, 1, LATER).job();

            assertThat(JobTransitions.timeOut(stopping, LATER)).isEqualTo(Decision.of(stopping));
        }
    }
}
