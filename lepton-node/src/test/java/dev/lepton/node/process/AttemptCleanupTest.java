package dev.lepton.node.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.LaunchSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What attempts leave behind: removed with their job, listed by job, logs cut to their tail. Real processes and files. */
class AttemptCleanupTest {
    private static final String MANY_LINES =
            "i=0; while [ $i -lt 3000 ]; do echo \"line $i ........................................................\"; i=$((i+1)); done";

    @TempDir
    Path attemptsDir;
    @TempDir
    Path gates;

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

    private String gated(Path gate, String after) {
        return "while [ ! -e '" + gate + "' ]; do sleep 0.05; done; " + after;
    }

    private Path log(AttemptId attempt) {
        return fixture.dir(attempt).resolve(AttemptDirectory.LOG);
    }

    @Test
    void a_running_workers_log_over_the_cap_is_cut_to_its_tail_under_a_line_saying_so_and_the_worker_writes_on() throws IOException {
        Path gate = gates.resolve("go");
        LaunchSpec spec = Launches.shell(MANY_LINES + "; " + gated(gate, "echo after")).build();
        fixture.launch(executor, spec);
        await().until(() -> Files.readString(log(spec.attempt())).contains("line 2999 "));
        long before = Files.size(log(spec.attempt()));

        executor.capLogs(64 << 10);
        Files.createFile(gate);
        exits.awaitExit(spec.attempt());

        String after = Files.readString(log(spec.attempt()), StandardCharsets.UTF_8);
        String firstLine = after.lines().findFirst().orElseThrow();
        assertThat(firstLine).matches("\\[lepton: \\d+ bytes of earlier output dropped; a worker's log is kept to 64KiB]");
        long dropped = Long.parseLong(firstLine.replaceAll("\\D+", " ").trim().split(" ")[0]);
        assertThat(after.lines().skip(1).findFirst().orElseThrow()).as("the tail starts at a line").startsWith("line ");
        assertThat(after).doesNotContain("line 0 ").contains("line 2999 ").endsWith("line 2999 ........................................................\nafter\n");
        assertThat(dropped + after.length() - firstLine.length() - 1 - "after\n".length()).as("nothing but the head went").isEqualTo(before);
        assertThat(Files.size(log(spec.attempt()))).isLessThanOrEqualTo((16 << 10) + 200);
        assertThat(executor.logSize(spec.attempt())).hasValue(Files.size(log(spec.attempt())));
    }

    @Test
    void a_log_under_the_cap_and_a_finished_workers_log_are_left_alone() throws IOException {
        LaunchSpec finished = Launches.shell(MANY_LINES).build();
        fixture.launch(executor, finished);
        exits.awaitExit(finished.attempt());
        Path gate = gates.resolve("go");
        LaunchSpec small = Launches.shell("echo small; " + gated(gate, "true")).build();
        fixture.launch(executor, small);
        await().until(() -> Files.readString(log(small.attempt())).equals("small\n"));

        executor.capLogs(64 << 10);
        Files.createFile(gate);

        assertThat(Files.readString(log(small.attempt()))).isEqualTo("small\n");
        assertThat(Files.readString(log(finished.attempt()))).startsWith("line 0 ");
    }

    @Test
    void a_jobs_files_stay_while_a_worker_of_it_runs_and_go_once_none_does() throws IOException {
        Path gate = gates.resolve("go");
        LaunchSpec rank0 = Launches.shell("echo done").job("job-a").build();
        LaunchSpec rank1 = Launches.shell(gated(gate, "true")).job("job-a").rank(1).build();
        LaunchSpec other = Launches.shell("echo other").job("job-b").build();
        fixture.launch(executor, rank0);
        fixture.launch(executor, rank1);
        fixture.launch(executor, other);
        exits.awaitExit(rank0.attempt());
        exits.awaitExit(other.attempt());

        assertThat(executor.jobUids()).containsExactlyInAnyOrder("job-a", "job-b");
        executor.remove("job-a");
        assertThat(attemptsDir.resolve("job-a")).as("rank 1 still runs").isDirectory();

        Files.createFile(gate);
        exits.awaitExit(rank1.attempt());
        executor.remove("job-a");
        executor.remove("job-never-ran");

        assertThat(attemptsDir.resolve("job-a")).doesNotExist();
        assertThat(executor.jobUids()).containsExactly("job-b");
        assertThat(executor.openLog(rank0.attempt(), 0)).isEmpty();
        assertThat(Files.readString(log(other.attempt()))).isEqualTo("other\n");
    }

    @Test
    void removal_never_reaches_outside_the_attempts_directory() throws IOException {
        Path outside = Files.writeString(attemptsDir.getParent().resolve("keep-" + attemptsDir.getFileName()), "precious");
        LaunchSpec spec = Launches.shell("ln -s '" + outside + "' link; ln -s / root").job("job-c").build();
        fixture.launch(executor, spec);
        exits.awaitExit(spec.attempt());

        executor.remove("job-c");

        assertThat(attemptsDir.resolve("job-c")).doesNotExist();
        assertThat(Files.readString(outside)).isEqualTo("precious");
        assertThatThrownBy(() -> executor.remove("../" + attemptsDir.getFileName())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> executor.remove("")).isInstanceOf(IllegalArgumentException.class);
        Files.delete(outside);
    }
}
