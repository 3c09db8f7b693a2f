package dev.lepton.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lepton job logs} as a user runs it: {@code -f} on a job that prints slowly, and the logs of
 * earlier attempts. The worker waits for a file the test writes, so nothing depends on timing.
 */
class JobLogsCliIT extends SharedServerProcess {
    /** Where the gate is: a sandboxed worker sees neither the server's home nor /tmp, only its {@code --workdir}. */
    @TempDir
    Path gates;

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void logs_follow_prints_each_line_while_the_job_runs_and_exits_zero_when_it_ends() throws Exception {
        Path gate = Gates.open(gates).resolve("gate");
        var run = server.cli("job", "run", "--name", "slow", "--workdir", gates.toString(), "--", "sh", "-c",
                "echo tick 1; while [ ! -e '" + gate + "' ]; do sleep 0.05; done; echo tick 2");
        assertThat(run.exitCode()).as(run.output()).isZero();
        Process follow = server.startCli("job", "logs", "slow", "-f");
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(follow.getInputStream(), StandardCharsets.UTF_8))) {
            assertTimeoutPreemptively(PATIENCE, () -> assertThat(lines.readLine()).isEqualTo("tick 1"),
                    "logs -f showed nothing while the job ran");
            assertThat(server.cli("job", "get", "slow", "-o", "json").output()).contains("\"Running\"");
            Files.createFile(gate);
            assertTimeoutPreemptively(PATIENCE, () -> {
                assertThat(lines.readLine()).isEqualTo("tick 2");
                assertThat(lines.readLine()).isNull();
            });
        } finally {
            if (!Files.exists(gate)) {
                Files.createFile(gate);
            }
        }
        assertThat(follow.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(follow.exitValue()).as(new String(follow.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
    }

    @Test
    void the_log_of_an_earlier_attempt_is_there_by_number_or_as_the_previous_one() throws Exception {
        server.cli("job", "run", "--name", "flaky", "--max-retries", "2", "--backoff", "100ms", "--", "sh", "-c",
                "echo attempt $LEPTON_ATTEMPT; exit 3");
        assertThat(server.cli("job", "wait", "flaky", "--timeout", "60s").exitCode()).isEqualTo(1);

        assertThat(server.cli("job", "logs", "flaky").output()).isEqualTo("attempt 3\n");
        assertThat(server.cli("job", "logs", "flaky", "--previous").output()).isEqualTo("attempt 2\n");
        assertThat(server.cli("job", "logs", "flaky", "--attempt", "1").output()).isEqualTo("attempt 1\n");

        var missing = server.cli("job", "logs", "flaky", "--attempt", "7");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.output().strip().lines()).hasSize(1);
        assertThat(missing.output()).contains("attempt: job default/flaky has no attempt 7 (its attempts are 1 to 3)");
    }

    @Test
    void a_job_on_its_first_attempt_has_no_previous_one() throws Exception {
        server.cli("job", "run", "--name", "fresh", "--", "echo", "hi");
        assertThat(server.cli("job", "wait", "fresh", "--timeout", "60s").exitCode()).isZero();

        var previous = server.cli("job", "logs", "fresh", "--previous");

        assertThat(previous.exitCode()).isEqualTo(1);
        assertThat(previous.output()).contains("job/fresh has no previous attempt (it is on attempt 1)");
    }
}
