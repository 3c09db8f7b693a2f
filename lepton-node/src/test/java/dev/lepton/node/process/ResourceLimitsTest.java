package dev.lepton.node.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.lepton.core.execution.LaunchFailedException;
import dev.lepton.core.execution.LaunchSpec;
import dev.lepton.core.execution.WorkerExit;
import dev.lepton.node.limits.Enforcement;
import dev.lepton.node.limits.EnforcementProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker is held to the memory and CPU it asked for: by a cgroup where this host allows one (CI and
 * the development machines: cgroup v1, as root), else by the executor's watch over sampled memory.
 */
class ResourceLimitsTest {
    private static final long MEMORY_LIMIT = 64L << 20;
    /** Touches 600 MiB: far over the limit, as in the issue (a 64 MiB job used 609 MiB and succeeded). */
    private static final String HOG = "import time; b = bytearray(600 * 1024 * 1024); time.sleep(20)";

    @TempDir
    Path attemptsDir;

    private ExecutorFixture fixture;
    private final ExitRecorder exits = new ExitRecorder();

    @BeforeEach
    void start() {
        fixture = new ExecutorFixture(attemptsDir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void a_worker_over_its_memory_limit_is_oom_killed_by_its_cgroup_which_is_then_removed() {
        LocalProcessExecutor executor = fixture.executor(exits);
        assumeThat(executor.enforcement()).as("this host lets us make cgroups").startsWith("cgroup-");
        LaunchSpec spec = Launches.command("python3", "-c", HOG).memory(MEMORY_LIMIT).cpu(500).build();

        fixture.launch(executor, spec);
        WorkerExit exit = exits.awaitExit(spec.attempt());

        assertThat(exit.reason()).contains(WorkerExit.OOM_KILLED);
        assertThat(exit.exitCode()).contains(137);
        Path memory = cgroupOf(executor, "memory", spec);
        await("the cgroup is removed after the exit is reported").until(() -> !Files.exists(memory));
    }

    @Test
    void an_oom_kill_while_nobody_watched_is_reported_by_leftover_as_often_as_it_is_asked() {
        LocalProcessExecutor first = fixture.executor(exits);
        assumeThat(first.enforcement()).as("this host lets us make cgroups").startsWith("cgroup-");
        LaunchSpec spec = Launches.command("python3", "-c", HOG).memory(MEMORY_LIMIT).build();
        fixture.launch(first, spec);
        first.close();
        await().until(() -> new AttemptDirectory(fixture.dir(spec.attempt())).exitCode().isPresent());

        LocalProcessExecutor second = fixture.executor(new ExitRecorder());

        assertThat(second.leftover(spec.attempt()).flatMap(WorkerExit::reason)).contains(WorkerExit.OOM_KILLED);
        assertThat(second.leftover(spec.attempt()).flatMap(WorkerExit::reason)).contains(WorkerExit.OOM_KILLED);
        assertThat(cgroupOf(second, "memory", spec)).doesNotExist();
    }

    @Test
    void a_worker_runs_in_its_own_cgroup_with_its_memory_limit_and_cpu_quota() throws IOException {
        LocalProcessExecutor executor = fixture.executor(exits);
        assumeThat(executor.enforcement()).isEqualTo(Enforcement.CGROUP_V1);
        LaunchSpec spec = Launches.shell("cat /proc/self/cgroup; sleep 60").memory(MEMORY_LIMIT).cpu(500).build();

        fixture.launch(executor, spec);
        Path memory = cgroupOf(executor, "memory", spec);
        Path cpu = cgroupOf(executor, "cpu", spec);
        await().until(() -> Files.exists(fixture.dir(spec.attempt()).resolve("output.log"))
                && Files.readString(fixture.dir(spec.attempt()).resolve("output.log")).contains(spec.attempt().toString()));

        assertThat(Files.readString(memory.resolve("memory.limit_in_bytes")).strip()).isEqualTo(Long.toString(MEMORY_LIMIT));
        assertThat(Files.readString(cpu.resolve("cpu.cfs_quota_us")).strip()).isEqualTo("50000");
        assertThat(Files.readString(fixture.dir(spec.attempt()).resolve("output.log")))
                .contains(":memory:/" + EnforcementProbe.PARENT + "/" + spec.attempt());
        executor.stop(spec.attempt(), Duration.ofSeconds(5));
        assertThat(exits.awaitExit(spec.attempt()).reason()).isEmpty();
        await("the cgroups are removed after the exit is reported").until(() -> !Files.exists(memory) && !Files.exists(cpu));
    }

    @Test
    void where_no_cgroup_can_be_had_the_watch_kills_a_worker_over_its_memory_limit() {
        LocalProcessExecutor executor = fixture.executor(exits, LocalExecutorConfig.Limits.WATCH);
        LaunchSpec spec = Launches.command("python3", "-c", HOG).memory(MEMORY_LIMIT).build();

        fixture.launch(executor, spec);
        WorkerExit exit = exits.awaitExit(spec.attempt());

        assertThat(executor.enforcement()).isEqualTo(Enforcement.WATCH);
        assertThat(exit.reason()).contains(WorkerExit.OOM_KILLED);
        assertThat(exit.exitCode()).as("the wrapper survives the watch's kill and records it").contains(137);
    }

    @Test
    void a_worker_within_its_limit_ends_as_usual_under_either_enforcement() {
        for (LocalExecutorConfig.Limits limits : LocalExecutorConfig.Limits.values()) {
            LocalProcessExecutor executor = fixture.executor(exits, limits);
            LaunchSpec spec = Launches.command("python3", "-c", "b = bytearray(8 * 1024 * 1024)").memory(MEMORY_LIMIT).build();

            fixture.launch(executor, spec);
            WorkerExit exit = exits.awaitExit(spec.attempt());

            assertThat(exit.exitCode()).as(limits.name()).contains(0);
            assertThat(exit.reason()).as(limits.name()).isEmpty();
        }
    }

    @Test
    void an_environment_execve_cannot_take_fails_the_launch_and_leaves_no_cgroup_behind() {
        LocalProcessExecutor executor = fixture.executor(exits);
        assumeThat(executor.enforcement()).as("this host lets us make cgroups").startsWith("cgroup-");
        LaunchSpec spec = Launches.command("true").env("A", "x\0y").memory(MEMORY_LIMIT).cpu(500).build();

        assertThatThrownBy(() -> executor.launch(spec)).isInstanceOf(LaunchFailedException.class).hasMessageContaining("cannot start attempt");

        assertThat(cgroupOf(executor, "memory", spec)).doesNotExist();
        assertThat(cgroupOf(executor, "cpu", spec)).doesNotExist();
    }

    private static Path cgroupOf(LocalProcessExecutor executor, String controller, LaunchSpec spec) {
        return Path.of("/sys/fs/cgroup", controller, EnforcementProbe.PARENT, spec.attempt().toString());
    }
}
