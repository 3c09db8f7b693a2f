package dev.lepton.node.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.LaunchSpec;
import dev.lepton.core.execution.ProcessRef;
import dev.lepton.core.execution.StopPlan;
import dev.lepton.core.execution.Usage;
import dev.lepton.core.execution.WorkerExit;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * In a sandbox, a worker keeps the wrapper's contract: the group's signals reach the command, which
 * gets its grace; the recorded exit code and CPU time are the command's; cgroups, sampling and
 * recovery work from the host's side. (Skipped where the tests are not root or bwrap cannot run.)
 */
class SandboxLifecycleTest {
    /** About a second of CPU in the shell, then exits 0. */
    private static final String BUSY = "i=0; while [ $i -lt 1000000 ]; do i=$((i+1)); done";

    private SandboxHome sandbox;
    private ExecutorFixture fixture;
    private final ExitRecorder exits = new ExitRecorder();

    @BeforeEach
    void start() {
        sandbox = new SandboxHome();
        fixture = sandbox.fixture;
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void a_stops_sigterm_reaches_the_command_which_finishes_within_its_grace() throws IOException {
        LocalProcessExecutor executor = sandbox.sandboxing(exits);
        LaunchSpec spec = Launches.shell("trap 'echo got-term; exit 0' TERM; echo ready; sleep 100 & wait").build();
        fixture.launch(executor, spec);
        await().until(() -> sandbox.output(spec).contains("ready"));

        long asked = System.nanoTime();
        executor.stop(spec.attempt(), Duration.ofSeconds(30));
        WorkerExit exit = exits.awaitExit(spec.attempt());

        assertThat(exit.exitCode()).as("the command's own exit, not bwrap's death of SIGTERM").contains(0);
        assertThat(sandbox.output(spec)).contains("got-term");
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("SIGTERM settled it, long before the grace").isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void a_stop_right_after_launch_still_reaches_the_command() {
        LocalProcessExecutor executor = sandbox.sandboxing(exits);
        LaunchSpec spec = Launches.command("sleep", "100").build();
        fixture.launch(executor, spec);

        executor.stop(spec.attempt(), Duration.ofSeconds(30));

        assertThat(exits.awaitExit(spec.attempt()).exitCode()).contains(143);
    }

    @Test
    void a_warning_signal_reaches_the_command_and_sigterm_follows_after_its_lead() throws IOException {
        LocalProcessExecutor executor = sandbox.sandboxing(exits);
        LaunchSpec spec = Launches.shell("trap 'echo checkpointed' USR1; trap 'echo terminated; exit 7' TERM; echo ready; "
                + "while true; do sleep 0.05; done").build();
        fixture.launch(executor, spec);
        await().until(() -> sandbox.output(spec).contains("ready"));

        executor.stop(spec.attempt(), new StopPlan(Optional.of(new StopPlan.Warning("USR1", Duration.ofSeconds(1))), Duration.ofSeconds(30)));

        await().until(() -> sandbox.output(spec).contains("checkpointed"));
        assertThat(exits.awaitExit(spec.attempt()).exitCode()).contains(7);
        assertThat(sandbox.output(spec)).containsSubsequence("checkpointed", "terminated");
    }

    @Test
    void a_command_that_ignores_sigterm_is_killed_after_its_grace_with_all_it_started() {
        LocalProcessExecutor executor = sandbox.sandboxing(exits);
        LaunchSpec spec = Launches.shell("trap '' TERM; sleep 100 & sleep 100").build();
        ProcessRef ref = fixture.launch(executor, spec);
        await().until(() -> fixture.liveMembers(ref.pid().orElseThrow()).size() >= 6);

        executor.stop(spec.attempt(), Duration.ofMillis(500));

        assertThat(exits.awaitExit(spec.attempt()).exitCode()).as("SIGKILL leaves no record").isEmpty();
        await().until(() -> fixture.liveMembers(ref.pid().orElseThrow()).isEmpty());
    }

    @Test
    void the_recorded_exit_code_is_the_commands_own() {
        LocalProcessExecutor executor = sandbox.sandboxing(exits);
        LaunchSpec zero = Launches.shell("exit 0").build();
        LaunchSpec three = Launches.shell("exit 3").build();
        LaunchSpec killed = Launches.shell("kill -KILL $$").build();
        LaunchSpec missing = Launches.command("no-such-program-lepton").build();

        for (LaunchSpec spec : new LaunchSpec[] {zero, three, killed, missing}) {
            fixture.launch(executor, spec);
        }

        assertThat(exits.awaitExit(zero.attempt()).exitCode()).contains(0);
        assertThat(exits.awaitExit(three.attempt()).exitCode()).contains(3);
        assertThat(exits.awaitExit(killed.attempt()).exitCode()).as("128 + SIGKILL").contains(137);
        assertThat(exits.awaitExit(missing.attempt()).exitCode()).as("setpriv cannot find it").isPresent().get().isNotEqualTo(0);
    }

    @Test
    void the_commands_cpu_time_reaches_the_wrappers_record() {
        LocalProcessExecutor executor = sandbox.sandboxing(exits);
        LaunchSpec spec = Launches.shell(BUSY).build();

        fixture.launch(executor, spec);
        exits.awaitExit(spec.attempt());

        assertThat(new AttemptDirectory(fixture.dir(spec.attempt())).recordedCpuSeconds().orElse(0))
                .as("bwrap waits for its PID 1, which waits for the command").isGreaterThan(0.2);
    }

    @Test
    void a_sandboxed_worker_over_its_memory_limit_is_oom_killed_by_its_cgroup() {
        LocalProcessExecutor executor = sandbox.sandboxing(exits);
        assumeThat(executor.enforcement()).as("this host lets us make cgroups").startsWith("cgroup-");
        LaunchSpec spec = Launches.command("python3", "-c", "import time; b = bytearray(600 * 1024 * 1024); time.sleep(20)")
                .memory(64L << 20).build();

        fixture.launch(executor, spec);
        WorkerExit exit = exits.awaitExit(spec.attempt());

        assertThat(exit.reason()).contains(WorkerExit.OOM_KILLED);
        assertThat(exit.exitCode()).contains(137);
    }

    @Test
    void the_watch_kills_a_sandboxed_worker_over_its_memory_limit() {
        LocalProcessExecutor executor = sandbox.sandboxing(exits, LocalExecutorConfig.Limits.WATCH);
        LaunchSpec spec = Launches.command("python3", "-c", "import time; b = bytearray(600 * 1024 * 1024); time.sleep(20)")
                .memory(64L << 20).build();

        fixture.launch(executor, spec);
        WorkerExit exit = exits.awaitExit(spec.attempt());

        assertThat(exit.reason()).contains(WorkerExit.OOM_KILLED);
        assertThat(exit.exitCode()).contains(137);
    }

    @Test
    void usage_is_sampled_from_the_host_and_a_new_executor_recovers_the_worker() {
        LocalProcessExecutor first = sandbox.sandboxing(exits);
        LaunchSpec spec = Launches.shell(BUSY + "; sleep 100").build();
        ProcessRef ref = fixture.launch(first, spec);
        await().until(() -> first.sampleUsage().getOrDefault(spec.attempt(), Usage.NONE).peakMemoryBytes() > 0);
        await().until(() -> first.sampleUsage().get(spec.attempt()).cpuSeconds() > 0.2);
        first.close();

        ExitRecorder afterRestart = new ExitRecorder();
        LocalProcessExecutor second = sandbox.sandboxing(afterRestart);
        Map<AttemptId, ProcessRef> found = second.recover(Set.of(spec.attempt()));

        assertThat(found).containsEntry(spec.attempt(), ref);
        second.stop(spec.attempt(), Duration.ofSeconds(10));
        assertThat(afterRestart.awaitExit(spec.attempt()).exitCode()).contains(143);
    }
}
