package dev.lepton.node.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.LaunchFailedException;
import dev.lepton.core.execution.LaunchSpec;
import dev.lepton.core.execution.ProcessRef;
import dev.lepton.core.execution.Usage;
import dev.lepton.core.execution.WorkerExit;
import dev.lepton.core.node.GpuDevice;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalProcessExecutorTest {
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
    void a_worker_exit_code_and_its_output_are_reported() throws IOException {
        LaunchSpec spec = Launches.shell("echo rank=$LEPTON_WORKER_RANK; echo oops >&2; exit 3")
                .rank(2).env("LEPTON_WORKER_RANK", "2").build();

        fixture.launch(executor, spec);
        WorkerExit exit = exits.awaitExit(spec.attempt());

        assertThat(exit.exitCode()).contains(3);
        assertThat(readLog(spec.attempt(), 0)).isEqualTo("rank=2\noops\n");
        assertThat(readLog(spec.attempt(), "rank=".length())).isEqualTo("2\noops\n");
        assertThat(exits.exitsOf(spec.attempt())).hasSize(1);
    }

    @Test
    void the_worker_leads_its_own_process_group_under_the_pid_returned() {
        LaunchSpec spec = Launches.command("sleep", "60").build();

        ProcessRef ref = fixture.launch(executor, spec);
        long pid = ref.pid().orElseThrow();

        assertThat(ref.handle()).isEqualTo("pid " + pid);
        await().until(() -> fixture.proc.stat(pid).map(ProcStat::pgrp).orElse(-1L) == pid);
        assertThat(fixture.proc.stat(pid).orElseThrow().pgrp()).isEqualTo(pid);
        assertThat(ref.startedAt()).isEqualTo(ProcessHandle.of(pid).orElseThrow().info().startInstant().orElseThrow());
    }

    @Test
    void the_environment_is_the_spec_on_top_of_a_minimal_inherited_one() throws IOException {
        LaunchSpec spec = Launches.shell("env; echo cwd=$(pwd -P)")
                .env("LEPTON_JOB", "train").env("CUDA_VISIBLE_DEVICES", "0,1").build();

        fixture.launch(executor, spec);
        exits.awaitExit(spec.attempt());

        String log = readLog(spec.attempt(), 0);
        assertThat(log).contains("LEPTON_JOB=train\n", "CUDA_VISIBLE_DEVICES=0,1\n",
                "LEPTON_ATTEMPT_ID=" + spec.attempt() + "\n", "cwd=" + fixture.dir(spec.attempt()).toRealPath() + "\n");
        Set<String> allowed = new HashSet<>(LocalExecutorConfig.DEFAULT_INHERITED_ENVIRONMENT);
        allowed.addAll(Set.of("LEPTON_JOB", "CUDA_VISIBLE_DEVICES", "LEPTON_ATTEMPT_ID", "PWD", "OLDPWD", "SHLVL", "_"));
        assertThat(Arrays.stream(log.split("\n")).filter(line -> !line.startsWith("cwd=")).map(line -> line.split("=", 2)[0]))
                .allMatch(allowed::contains);
    }

    @Test
    void a_worker_sees_only_its_own_gpus_when_the_spec_does_not_say() throws IOException {
        LaunchSpec withGpus = Launches.shell("echo gpus=$CUDA_VISIBLE_DEVICES.").gpus(1, 3).build();
        LaunchSpec withoutGpus = Launches.shell("echo gpus=$CUDA_VISIBLE_DEVICES.").build();

        fixture.launch(executor, withGpus);
        fixture.launch(executor, withoutGpus);
        exits.awaitExit(withGpus.attempt());
        exits.awaitExit(withoutGpus.attempt());

        assertThat(readLog(withGpus.attempt(), 0)).isEqualTo("gpus=1,3.\n");
        assertThat(readLog(withoutGpus.attempt(), 0)).isEqualTo("gpus=.\n");
    }

    @Test
    void a_worker_on_a_machine_with_amd_gpus_sees_its_devices_by_each_runtimes_own_indices() throws IOException {
        // Two NVIDIA GPUs (Lepton's 0 and 1), then two AMD GPUs (Lepton's 2 and 3, ROCm's 0 and 1).
        LocalProcessExecutor onMixed = fixture.executor(exits, VisibleDevices.of(List.of(
                new GpuDevice(0, "GPU-a", "H100", 0, 0), new GpuDevice(1, "GPU-b", "H100", 0, 0),
                new GpuDevice(2, "GPU-c", "MI300X", 0, 0, "amd.com/gpu"), new GpuDevice(3, "GPU-d", "MI300X", 0, 0, "amd.com/gpu"))));
        String show = "echo cuda=$CUDA_VISIBLE_DEVICES rocr=$ROCR_VISIBLE_DEVICES hip=$HIP_VISIBLE_DEVICES.";
        LaunchSpec amdOnly = Launches.shell(show).gpus(3).env("CUDA_VISIBLE_DEVICES", "3").build();
        LaunchSpec both = Launches.shell(show).gpus(1, 2).env("CUDA_VISIBLE_DEVICES", "1,2").build();

        fixture.launch(onMixed, amdOnly);
        fixture.launch(onMixed, both);
        exits.awaitExit(amdOnly.attempt());
        exits.awaitExit(both.attempt());

        assertThat(readLog(amdOnly.attempt(), 0)).isEqualTo("cuda=0 rocr=1 hip=0.\n");
        assertThat(readLog(both.attempt(), 0)).isEqualTo("cuda=1 rocr=0 hip=0.\n");
    }

    @Test
    void a_missing_executable_is_an_exit_with_code_127_not_a_launch_failure() {
        LaunchSpec spec = Launches.command("/nonexistent/lepton-worker").build();

        fixture.launch(executor, spec);

        assertThat(exits.awaitExit(spec.attempt()).exitCode()).contains(127);
    }

    @Test
    void an_attempts_directory_that_cannot_be_created_fails_the_launch() throws IOException {
        Path notADirectory = Files.writeString(attemptsDir.resolve("file"), "x");
        LocalProcessExecutor blocked = new ExecutorFixture(notADirectory).executor(exits);

        assertThatThrownBy(() -> blocked.launch(Launches.command("true").build()))
                .isInstanceOf(LaunchFailedException.class).hasMessageContaining("cannot start attempt");
        blocked.close();
    }

    @Test
    void cpu_time_of_a_busy_worker_is_reported_at_exit() {
        LaunchSpec spec = Launches.shell("i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done").build();

        fixture.launch(executor, spec);
        WorkerExit exit = exits.awaitExit(spec.attempt());

        assertThat(exit.exitCode()).contains(0);
        assertThat(exit.usage().cpuSeconds()).isPositive();
    }

    @Test
    void sampling_reports_cpu_time_and_peak_memory_of_a_running_worker() {
        LaunchSpec spec = Launches.shell("while :; do :; done").build();
        fixture.launch(executor, spec);

        await().until(() -> {
            Usage usage = executor.sampleUsage().getOrDefault(spec.attempt(), Usage.NONE);
            return usage.cpuSeconds() > 0 && usage.peakMemoryBytes() > 0;
        });
    }

    @Test
    void logs_of_unknown_attempts_are_empty_and_launching_twice_is_refused() {
        assertThat(executor.openLog(new AttemptId("nobody", 1, 0), 0)).isEmpty();

        LaunchSpec spec = Launches.command("sleep", "60").build();
        fixture.launch(executor, spec);
        assertThatThrownBy(() -> executor.launch(spec)).isInstanceOf(LaunchFailedException.class)
                .hasMessageContaining("already running");
    }

    private String readLog(AttemptId attempt, long offset) throws IOException {
        Optional<InputStream> log = executor.openLog(attempt, offset);
        assertThat(log).isPresent();
        try (InputStream in = log.get()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
