package dev.lepton.node.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.LaunchSpec;
import dev.lepton.core.execution.ProcessRef;
import dev.lepton.core.execution.StopPlan;
import dev.lepton.core.execution.WorkerExit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StopAndRecoveryTest {
    /** Waits for a file named "release" in its working directory, then exits with the code given. */
    private static final String WAIT_FOR_RELEASE = "while [ ! -f release ]; do sleep 0.05; done; exit ";

    @TempDir
    Path attemptsDir;

    private ExecutorFixture fixture;
    private final ExitRecorder exits = new ExitRecorder();
    private LocalProcessExecutor executor;

    @BeforeEach
    void start() {
        fixture = new ExecutorFixture(attemptsDir);
        executor = fixture.executor(exits);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void stop_terminates_the_whole_process_group_including_grandchildren() {
        LaunchSpec spec = Launches.shell("sleep 60 & sleep 60").build();
        ProcessRef ref = fixture.launch(executor, spec);
        // wrapper, worker shell, and its two sleeps
        await().until(() -> fixture.liveMembers(ref.pid().orElseThrow()).size() == 4);

        executor.stop(spec.attempt(), Duration.ofMinutes(5));
        executor.stop(spec.attempt(), Duration.ofMinutes(5));
        WorkerExit exit = exits.awaitExit(spec.attempt());

        // SIGTERM alone did it (the grace is far away): the wrapper outlived it and recorded 128 + 15.
        assertThat(exit.exitCode()).contains(143);
        await().until(() -> fixture.liveMembers(ref.pid().orElseThrow()).isEmpty());
        assertThat(exits.exitsOf(spec.attempt())).hasSize(1);
    }

    @Test
    void a_warning_signal_comes_first_so_the_worker_can_checkpoint_and_sigterm_only_after_its_lead() throws IOException {
        LaunchSpec spec = Launches.shell("trap 'echo checkpointed; touch saved' USR1; trap 'echo terminated; exit 7' TERM; "
                + "while true; do sleep 0.05; done").build();
        ProcessRef ref = fixture.launch(executor, spec);
        await().until(() -> fixture.liveMembers(ref.pid().orElseThrow()).size() >= 2);
        Path dir = AttemptDirectory.of(attemptsDir, spec.attempt()).dir();

        executor.stop(spec.attempt(), new StopPlan(Optional.of(new StopPlan.Warning("USR1", Duration.ofSeconds(2))), Duration.ofSeconds(30)));

        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(dir.resolve("saved")));
        assertThat(exits.exitsOf(spec.attempt())).as("the warning does not stop the worker").isEmpty();
        WorkerExit exit = exits.awaitExit(spec.attempt());
        assertThat(exit.exitCode()).as("SIGTERM after the lead, which the worker handled").contains(7);
        // The whole group gets the signals, as Slurm signals a step's processes: the shell also reports its sleep's end.
        assertThat(Files.readString(dir.resolve(AttemptDirectory.LOG))).containsSubsequence("checkpointed", "terminated");
    }

    @Test
    void a_plan_whose_lead_and_grace_overflow_together_still_stops_the_worker_and_throws_nothing() {
        // Found by PoisonedSpecsPropertyTest under load: lead + grace overflowed Duration and failed every scheduler turn.
        LaunchSpec spec = Launches.shell("trap 'exit 7' TERM; while true; do sleep 0.05; done").build();
        ProcessRef ref = fixture.launch(executor, spec);
        await().until(() -> fixture.liveMembers(ref.pid().orElseThrow()).size() >= 2);

        executor.stop(spec.attempt(), new StopPlan(Optional.of(new StopPlan.Warning("TERM", Duration.ofSeconds(Long.MAX_VALUE))),
                Duration.ofSeconds(Long.MAX_VALUE)));

        assertThat(exits.awaitExit(spec.attempt()).exitCode()).as("the warning, SIGTERM, comes at once").contains(7);
    }

    @Test
    void a_worker_that_ignores_sigterm_is_killed_after_the_grace() {
        LaunchSpec spec = Launches.shell("trap '' TERM; sleep 60").build();
        ProcessRef ref = fixture.launch(executor, spec);
        await().until(() -> fixture.liveMembers(ref.pid().orElseThrow()).size() == 3);

        executor.stop(spec.attempt(), Duration.ofMillis(300));
        WorkerExit exit = exits.awaitExit(spec.attempt());

        // SIGKILL took the wrapper too, so nothing recorded an exit code.
        assertThat(exit.exitCode()).isEmpty();
        await().until(() -> fixture.liveMembers(ref.pid().orElseThrow()).isEmpty());
    }

    @Test
    void stopping_an_unknown_or_finished_attempt_does_nothing() {
        LaunchSpec spec = Launches.command("true").build();
        fixture.launch(executor, spec);
        exits.awaitExit(spec.attempt());

        executor.stop(spec.attempt(), Duration.ZERO);
        executor.stop(new AttemptId("nobody", 1, 0), Duration.ZERO);

        assertThat(exits.all()).hasSize(1);
    }

    @Test
    void a_new_executor_recovers_a_running_worker_and_observes_its_exit() throws IOException {
        LaunchSpec spec = Launches.shell(WAIT_FOR_RELEASE + "7").build();
        ProcessRef launched = fixture.launch(executor, spec);
        executor.close();

        ExitRecorder afterRestart = new ExitRecorder();
        LocalProcessExecutor restarted = fixture.executor(afterRestart);
        AttemptId neverLaunched = new AttemptId("nobody", 1, 0);
        Map<AttemptId, ProcessRef> recovered = restarted.recover(Set.of(spec.attempt(), neverLaunched));

        assertThat(recovered).containsOnlyKeys(spec.attempt());
        assertThat(recovered.get(spec.attempt())).isEqualTo(launched);
        Files.createFile(fixture.dir(spec.attempt()).resolve("release"));
        assertThat(afterRestart.awaitExit(spec.attempt()).exitCode()).contains(7);
        assertThat(exits.all()).as("a closed executor reports nothing").isEmpty();
    }

    @Test
    void leftover_returns_the_exit_of_a_worker_that_ended_while_nobody_watched() throws IOException {
        LaunchSpec spec = Launches.shell(WAIT_FOR_RELEASE + "5").build();
        ProcessRef launched = fixture.launch(executor, spec);
        executor.close();
        Files.createFile(fixture.dir(spec.attempt()).resolve("release"));
        await().until(() -> ProcessHandle.of(launched.pid().orElseThrow()).map(ProcessHandle::isAlive).orElse(false) == false);

        LocalProcessExecutor restarted = fixture.executor(new ExitRecorder());

        assertThat(restarted.recover(Set.of(spec.attempt()))).isEmpty();
        Optional<WorkerExit> leftover = restarted.leftover(spec.attempt());
        assertThat(leftover).hasValueSatisfying(exit -> {
            assertThat(exit.exitCode()).contains(5);
            assertThat(exit.usage().cpuSeconds()).isNotNegative();
        });
        assertThat(restarted.leftover(new AttemptId("nobody", 1, 0))).isEmpty();
    }
}
