package dev.lepton.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.LaunchFailedException;
import dev.lepton.core.execution.LaunchSpec;
import dev.lepton.core.execution.ProcessRef;
import dev.lepton.core.execution.Usage;
import dev.lepton.core.execution.WorkerExit;
import dev.lepton.core.resource.Resources;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class FakeExecutorTest {
    private final FakeClock clock = new FakeClock();
    private final FakeExecutor executor = new FakeExecutor(clock);
    private final List<WorkerExit> exits = new ArrayList<>();

    FakeExecutorTest() {
        executor.observe(exits::add);
    }

    private static AttemptId attempt(int rank) {
        return new AttemptId("job-1", 1, rank);
    }

    private static LaunchSpec spec(AttemptId attempt, String node) {
        return new LaunchSpec(attempt, "ml", node, List.of("python", "train.py"), Map.of(), new Resources(1_000, 1L << 30, 0), List.of());
    }

    private ProcessRef launch(int rank) {
        return executor.launch(spec(attempt(rank), "n1"));
    }

    @Test
    void a_launch_is_recorded_and_its_process_starts_now() {
        clock.advance(Duration.ofSeconds(3));

        ProcessRef first = launch(0);
        ProcessRef second = launch(1);

        assertThat(first).isEqualTo(ProcessRef.local(attempt(0), FakeExecutor.FIRST_PID, FakeClock.START.plusSeconds(3)));
        assertThat(second.pid()).contains(FakeExecutor.FIRST_PID + 1);
        assertThat(executor.launches()).extracting(LaunchSpec::attempt).containsExactly(attempt(0), attempt(1));
        assertThat(executor.launchOf(attempt(1))).isPresent();
        assertThat(executor.running()).containsExactly(attempt(0), attempt(1));
    }

    @Test
    void a_worker_ends_only_when_the_test_says_and_its_exit_carries_its_usage() {
        launch(0);
        executor.setUsage(attempt(0), new Usage(12.5, 2_048));

        assertThat(exits).isEmpty();
        executor.finish(attempt(0), 3);

        assertThat(exits).containsExactly(new WorkerExit(attempt(0), Optional.of(3), new Usage(12.5, 2_048)));
        assertThat(executor.isRunning(attempt(0))).isFalse();
    }

    @Test
    void a_lost_worker_ends_without_an_exit_code() {
        launch(0);

        executor.lose(attempt(0));

        assertThat(exits).containsExactly(new WorkerExit(attempt(0), Optional.empty(), Usage.NONE));
    }

    @Test
    void a_worker_ends_exactly_once() {
        launch(0);
        executor.finish(attempt(0), 0);

        assertThatThrownBy(() -> executor.finish(attempt(0), 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not running");
        assertThatThrownBy(() -> executor.lose(attempt(5))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void launching_an_attempt_that_runs_is_a_failed_launch() {
        launch(0);

        assertThatThrownBy(() -> launch(0)).isInstanceOf(LaunchFailedException.class).hasMessageContaining("already running");
    }

    @Test
    void configured_launch_failures_refuse_the_launch_and_are_recorded() {
        executor.failLaunchesOn("bad-node", "no such file: train.py");

        ProcessRef fine = executor.launch(spec(attempt(0), "n1"));
        assertThatThrownBy(() -> executor.launch(spec(attempt(1), "bad-node")))
                .isInstanceOf(LaunchFailedException.class).hasMessage("no such file: train.py");

        assertThat(fine.attempt()).isEqualTo(attempt(0));
        assertThat(executor.failedLaunches()).extracting(LaunchSpec::attempt).containsExactly(attempt(1));
        assertThat(executor.running()).containsExactly(attempt(0));

        executor.allowLaunches();
        assertThat(executor.launch(spec(attempt(1), "bad-node")).attempt()).isEqualTo(attempt(1));
    }

    @Test
    void every_launch_fails_while_told_to() {
        executor.failLaunches("executor is draining");

        assertThatThrownBy(() -> launch(0)).isInstanceOf(LaunchFailedException.class);
        assertThat(executor.launches()).isEmpty();
    }

    @Test
    void a_stop_is_recorded_with_its_grace_and_by_default_ends_nothing() {
        launch(0);

        executor.stop(attempt(0), Duration.ofSeconds(10));

        assertThat(executor.stopRequests()).containsExactly(new FakeExecutor.StopRequest(attempt(0), Duration.ofSeconds(10)));
        assertThat(executor.stops()).containsExactly(attempt(0));
        assertThat(executor.isRunning(attempt(0))).isTrue();
        assertThat(exits).isEmpty();
    }

    @Test
    void when_told_to_a_stopped_worker_ends_as_it_is_stopped() {
        launch(0);
        launch(1);
        executor.exitOnStop(143);

        executor.stop(attempt(0), Duration.ofSeconds(10));
        executor.loseOnStop();
        executor.stop(attempt(1), Duration.ofSeconds(10));
        executor.stop(attempt(1), Duration.ofSeconds(10));

        assertThat(exits).containsExactly(
                new WorkerExit(attempt(0), Optional.of(143), Usage.NONE),
                new WorkerExit(attempt(1), Optional.empty(), Usage.NONE));
        assertThat(executor.stops()).containsExactly(attempt(0), attempt(1), attempt(1));
    }

    @Test
    void usage_is_sampled_for_every_running_worker() {
        launch(0);
        launch(1);
        executor.setUsage(attempt(1), new Usage(4.0, 100));

        assertThat(executor.sampleUsage()).containsExactly(
                Map.entry(attempt(0), Usage.NONE), Map.entry(attempt(1), new Usage(4.0, 100)));
    }

    @Test
    void a_log_is_read_from_an_offset_and_a_worker_without_one_has_none() throws IOException {
        executor.appendLog(attempt(0), "epoch 1\n");
        executor.appendLog(attempt(0), "epoch 2\n");

        try (InputStream all = executor.openLog(attempt(0), 0).orElseThrow();
             InputStream tail = executor.openLog(attempt(0), 8).orElseThrow();
             InputStream past = executor.openLog(attempt(0), 1_000).orElseThrow()) {
            assertThat(new String(all.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("epoch 1\nepoch 2\n");
            assertThat(new String(tail.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("epoch 2\n");
            assertThat(past.readAllBytes()).isEmpty();
        }
        assertThat(executor.openLog(attempt(1), 0)).isEmpty();
    }

    @Test
    void after_a_restart_recover_finds_the_workers_still_running_and_leftover_reports_those_that_ended() {
        ProcessRef survivor = launch(0);
        launch(1);
        launch(2);
        executor.restart();
        executor.endedWhileUnwatched(attempt(1), 0);
        executor.vanishedWhileUnwatched(attempt(2));

        assertThat(executor.running()).isEmpty();
        Map<AttemptId, ProcessRef> found = executor.recover(Set.of(attempt(0), attempt(1), attempt(2)));

        assertThat(found).containsExactly(Map.entry(attempt(0), survivor));
        assertThat(executor.leftover(attempt(1))).contains(new WorkerExit(attempt(1), Optional.of(0), Usage.NONE));
        assertThat(executor.leftover(attempt(2))).isEmpty();
        List<WorkerExit> afterRestart = new ArrayList<>();
        executor.observe(afterRestart::add);
        executor.finish(attempt(0), 0);
        assertThat(afterRestart).extracting(WorkerExit::attempt).containsExactly(attempt(0));
        assertThat(exits).isEmpty();
    }

    @Test
    void a_test_may_say_which_processes_a_fresh_executor_will_find() {
        FakeExecutor fresh = new FakeExecutor(clock);
        ProcessRef process = ProcessRef.local(attempt(4), 777, FakeClock.START);
        fresh.stillRunning(process);

        assertThat(fresh.recover(Set.of(attempt(4), attempt(5)))).containsExactly(Map.entry(attempt(4), process));
        assertThat(fresh.isRunning(attempt(4))).isTrue();
    }

    @Test
    void ending_a_worker_before_anyone_observes_is_an_error_in_the_test() {
        FakeExecutor unobserved = new FakeExecutor(clock);
        unobserved.launch(spec(attempt(0), "n1"));

        assertThatThrownBy(() -> unobserved.finish(attempt(0), 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("observe");
    }

    @Test
    void a_closed_executor_launches_nothing() {
        executor.close();

        assertThat(executor.isClosed()).isTrue();
        assertThatThrownBy(() -> launch(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void launches_and_exits_from_many_threads_are_each_recorded_once() throws InterruptedException {
        FakeExecutor shared = new FakeExecutor(clock);
        ConcurrentLinkedQueue<WorkerExit> seen = new ConcurrentLinkedQueue<>();
        shared.observe(seen::add);
        int threads = 8;
        int perThread = 200;
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int rankBase = t * perThread;
            Thread.ofVirtual().start(() -> {
                for (int i = 0; i < perThread; i++) {
                    AttemptId a = new AttemptId("job-1", 1, rankBase + i);
                    shared.launch(spec(a, "n1"));
                    shared.stop(a, Duration.ZERO);
                    shared.finish(a, 0);
                }
                done.countDown();
            });
        }
        done.await();

        assertThat(seen).hasSize(threads * perThread);
        assertThat(seen.stream().map(WorkerExit::attempt).distinct().count()).isEqualTo(threads * perThread);
        assertThat(shared.launches().stream().map(LaunchSpec::attempt).map(AttemptId::rank).distinct().count())
                .isEqualTo(threads * perThread);
        assertThat(shared.launches().stream().map(LaunchSpec::attempt).distinct()).hasSize(threads * perThread);
        assertThat(shared.stops()).hasSize(threads * perThread);
        assertThat(shared.running()).isEmpty();
    }
}
