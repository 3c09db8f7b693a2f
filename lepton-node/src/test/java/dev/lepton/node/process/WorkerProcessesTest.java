package dev.lepton.node.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lepton.core.execution.LaunchSpec;
import dev.lepton.core.execution.ProcessRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerProcessesTest {
    @TempDir
    Path attemptsDir;

    private ExecutorFixture fixture;
    private LocalProcessExecutor executor;
    private final List<Process> strangers = new ArrayList<>();
    private final WorkerProcesses processes = WorkerProcesses.local();

    @BeforeEach
    void start() {
        fixture = new ExecutorFixture(attemptsDir);
        executor = fixture.executor(new ExitRecorder());
    }

    @AfterEach
    void stop() {
        strangers.forEach(Process::destroyForcibly);
        fixture.close();
    }

    @Test
    void a_worker_and_the_processes_it_starts_work_for_its_attempt() throws IOException {
        LaunchSpec spec = Launches.shell("sleep 60 & echo $! > child.pid; wait").build();

        ProcessRef worker = fixture.launch(executor, spec);
        Path childPid = fixture.dir(spec.attempt()).resolve("child.pid");
        await().until(() -> Files.exists(childPid) && Files.readString(childPid).endsWith("\n"));
        long child = Long.parseLong(Files.readString(childPid).strip());

        assertThat(processes.attemptOf(worker.pid().orElseThrow())).contains(spec.attempt());
        assertThat(processes.attemptOf(child)).as("a descendant inherits the variable").contains(spec.attempt());
    }

    @Test
    void a_process_without_a_valid_attempt_id_works_for_none() throws IOException, InterruptedException {
        Process plain = stranger(Map.of());
        Process garbled = stranger(Map.of(LocalProcessExecutor.ATTEMPT_ID_VARIABLE, "not-an-attempt"));
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();

        assertThat(processes.attemptOf(plain.pid())).isEmpty();
        assertThat(processes.attemptOf(garbled.pid())).isEmpty();
        assertThat(processes.attemptOf(ended.pid())).as("gone").isEmpty();
    }

    private Process stranger(Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("sleep", "60");
        builder.environment().remove(LocalProcessExecutor.ATTEMPT_ID_VARIABLE);
        builder.environment().putAll(environment);
        Process process = builder.start();
        strangers.add(process);
        return process;
    }
}
