package dev.lepton.server.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobPhase;
import dev.lepton.core.job.JobTransitions;
import dev.lepton.core.job.StopReason;
import dev.lepton.core.quota.QueueSpec;
import dev.lepton.core.quota.QuotaTree;
import dev.lepton.testing.FakeClock;
import dev.lepton.testing.FakeExecutor;
import dev.lepton.testing.TestJobs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the loop does when things happen out of order or go wrong: a turn whose commit fails, a
 * worker that exits before its launch is reported, a cancel while workers are being launched, and
 * how many timers it keeps.
 */
class LoopResilienceTest {
    @TempDir
    Path dir;
    LoopScenario scenario;
    FakeClock clock;
    FakeExecutor executor;
    SchedulerLoop loop;

    @BeforeEach
    void start() {
        scenario = new LoopScenario(dir);
        clock = scenario.clock;
        executor = scenario.executor;
        loop = scenario.start(SchedulerLoopTest.NODE, QuotaTree.of(List.of(QueueSpec.unlimited("default")), List.of()), "priority");
    }

    @AfterEach
    void close() {
        executor.releaseLaunches();
        scenario.close();
    }

    @Test
    void a_running_job_restaged_ten_thousand_times_holds_one_timer() {
        LoopState state = new LoopState(new Decisions(queue -> dev.lepton.core.placement.Placement.standard(),
                queue -> dev.lepton.core.placement.Scoring.DEFAULT, java.util.Map::of), new Cluster(List::of),
                dev.lepton.core.policy.Policies.named("priority"), clock,
                new dev.lepton.server.limits.JobCounts(dev.lepton.server.limits.TenantLimits.NONE));
        Job running = TestJobs.training().name("long").workers(4).maxDuration(Duration.ofHours(2)).runningOn("n1", "n1", "n1", "n1").build();
        Job retrying = JobTransitions.waiting(TestJobs.training().name("retry").build(), dev.lepton.core.job.WaitCause.RESOURCES, "back-off");

        for (int sample = 0; sample < 10_000; sample++) {
            state.place(running);
            state.place(retrying);
        }

        assertThat(state.timers()).as("one per job with a deadline; the queued one has no retry time").isEqualTo(1);
    }

    @Test
    void a_cancel_behind_a_turn_whose_commit_failed_is_answered_and_applied() throws Exception {
        Job job = scenario.submit(TestJobs.training().name("busy").command("sleep", "600").build());
        scenario.awaitPhase("busy", JobPhase.RUNNING);
        changeBehindTheLoop("busy");

        Job cancelled = loop.cancel("ml", "busy", "alice", "job.cancel").get(10, TimeUnit.SECONDS);

        assertThat(cancelled.status().stopping()).contains(StopReason.CANCELLED);
        assertThat(executor.stops()).contains(new AttemptId(job.uid(), 1, 0));
    }

    @Test
    void workers_reported_across_a_failed_commit_run_and_their_max_duration_is_enforced() {
        executor.holdLaunches();
        Job job = scenario.submit(TestJobs.training().name("timed").maxDuration(Duration.ofMinutes(1)).command("sleep", "600").build());
        scenario.awaitPhase("timed", JobPhase.SCHEDULED);
        changeBehindTheLoop("timed");

        executor.releaseLaunches();
        scenario.awaitPhase("timed", JobPhase.RUNNING);
        clock.advance(Duration.ofMinutes(2));
        loop.wake();

        await().atMost(Duration.ofSeconds(10)).until(() -> executor.stops().contains(new AttemptId(job.uid(), 1, 0)));
        assertThat(scenario.stored("timed").status().stopping()).contains(StopReason.TIMED_OUT);
    }

    @Test
    void a_worker_that_exits_before_its_launch_is_reported_still_counts() {
        executor.finishOnLaunch(0);

        scenario.submit(TestJobs.training().name("quick").workers(2).build());

        scenario.awaitPhase("quick", JobPhase.SUCCEEDED);
        assertThat(scenario.stored("quick").status().workers()).extracting(w -> w.exitCode().orElseThrow()).containsExactly(0, 0);
    }

    @Test
    void a_job_cancelled_while_its_workers_launch_stops_them_as_soon_as_they_have_started() throws Exception {
        executor.holdLaunches();
        executor.exitOnStop(143);
        Job job = scenario.submit(TestJobs.training().name("early").command("sleep", "600").build());
        scenario.awaitPhase("early", JobPhase.SCHEDULED);

        loop.cancel("ml", "early", "alice", "job.cancel").get(10, TimeUnit.SECONDS);
        executor.releaseLaunches();

        scenario.awaitPhase("early", JobPhase.CANCELLED);
        assertThat(executor.stops()).contains(new AttemptId(job.uid(), 1, 0));
        assertThat(executor.running()).isEmpty();
    }

    @Test
    void a_worker_that_started_and_ended_while_the_server_was_down_before_its_start_was_stored_settles_its_job() {
        scenario.close();
        scenario = new LoopScenario(dir.resolve("restart"));
        clock = scenario.clock;
        executor = scenario.executor;
        Job launched = scenario.insert(TestJobs.training().name("crashed-launch").scheduledOn("n1").build());
        executor.endedWhileUnwatched(TestJobs.attempt(launched, 0), 0);

        loop = scenario.start(SchedulerLoopTest.NODE, QuotaTree.of(List.of(QueueSpec.unlimited("default")), List.of()), "priority");

        scenario.awaitPhase("crashed-launch", JobPhase.SUCCEEDED);
    }

    @Test
    void a_preempted_job_gets_its_checkpoint_signal_then_its_own_grace_period_which_its_workers_were_launched_with() {
        Job low = scenario.submit(TestJobs.training().name("low").cpu("8").priority(0).command("sleep", "600")
                .stopGracePeriod(Duration.ofSeconds(45)).checkpointSignal("USR1", Duration.ofSeconds(60)).build());
        scenario.awaitPhase("low", JobPhase.RUNNING);

        scenario.submit(TestJobs.training().name("high").cpu("8").priority(10).build());

        await().atMost(Duration.ofSeconds(10)).until(() -> !executor.stopRequests().isEmpty());
        assertThat(executor.stopRequests()).containsExactly(new FakeExecutor.StopRequest(new AttemptId(low.uid(), 1, 0),
                Duration.ofSeconds(45), java.util.Optional.of(new dev.lepton.core.execution.StopPlan.Warning("USR1", Duration.ofSeconds(60)))));
        assertThat(executor.launchOf(new AttemptId(low.uid(), 1, 0)).orElseThrow().stopGrace()).as("what a pod is made with")
                .contains(Duration.ofSeconds(45));
    }

    @Test
    void a_job_with_a_checkpoint_signal_is_warned_its_lead_before_its_time_limit_and_a_cancel_is_not_warned() throws Exception {
        Job timed = scenario.submit(TestJobs.training().name("timed").maxDuration(Duration.ofMinutes(10)).command("sleep", "600")
                .checkpointSignal("USR2", Duration.ofMinutes(2)).build());
        Job cancelled = scenario.submit(TestJobs.training().name("cancelled").command("sleep", "600")
                .checkpointSignal("USR2", Duration.ofMinutes(2)).build());
        scenario.awaitPhase("timed", JobPhase.RUNNING);
        scenario.awaitPhase("cancelled", JobPhase.RUNNING);

        clock.advance(Duration.ofMinutes(7));
        loop.wake();
        await().during(Duration.ofMillis(300)).until(() -> executor.stopRequests().isEmpty());
        clock.advance(Duration.ofMinutes(1));
        loop.wake();
        await().atMost(Duration.ofSeconds(10)).until(() -> !executor.stopRequests().isEmpty());
        loop.cancel("ml", "cancelled", "alice", "job.cancel").get(10, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(10)).until(() -> executor.stopRequests().size() == 2);
        assertThat(executor.stopRequests()).containsExactly(
                new FakeExecutor.StopRequest(new AttemptId(timed.uid(), 1, 0), Duration.ofSeconds(5),
                        java.util.Optional.of(new dev.lepton.core.execution.StopPlan.Warning("USR2", Duration.ofMinutes(2)))),
                new FakeExecutor.StopRequest(new AttemptId(cancelled.uid(), 1, 0), Duration.ofSeconds(5)));
        assertThat(executor.launchOf(new AttemptId(cancelled.uid(), 1, 0)).orElseThrow().stopGrace()).as("the server's grace, at launch too")
                .contains(Duration.ofSeconds(5));
    }

    /** Someone else writes the job: the loop's next write of it is refused as a version conflict, and its turn fails. */
    private void changeBehindTheLoop(String name) {
        scenario.store.write(tx -> tx.jobs().update(tx.jobs().find("ml", name).orElseThrow()));
    }
}
