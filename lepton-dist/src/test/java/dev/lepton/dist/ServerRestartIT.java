package dev.lepton.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a script that waits on a job sees when the server restarts meanwhile. */
class ServerRestartIT {
    /** Where the gate is: a sandboxed worker sees neither the server's home nor /tmp, only its {@code --workdir}. */
    @TempDir
    Path gates;

    @TempDir
    Path home;

    @Test
    void job_wait_rides_out_a_server_restart_and_exits_with_the_jobs_outcome() throws Exception {
        Path gate = Gates.open(gates).resolve("gate");
        try (ServerProcess server = new ServerProcess(home).start()) {
            server.cli("job", "run", "--name", "long", "--workdir", gates.toString(), "--", "sh", "-c", "while [ ! -e '" + gate + "' ]; do sleep 0.05; done");
            Process wait = server.startCli("job", "wait", "long", "--timeout", "120s");
            // Whether it has asked yet or not, the restart must not end the wait: the connection only makes the test meaner.
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> server.connectedFrom(wait.pid()));

            server.close();
            if (!wait.isAlive()) {
                throw new AssertionError("job wait gave up when the server went away (exit " + wait.exitValue() + "): "
                        + new String(wait.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            server.start();
            Files.createFile(gate);

            assertThat(wait.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String err = new String(wait.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(wait.exitValue()).as(err).isZero();
            assertThat(new String(wait.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("job/long Succeeded");
            assertThat(err).contains("the server at " + server.url() + "; trying again every second").contains("is back");
        } finally {
            if (!Files.exists(gate)) {
                Files.createFile(gate);
            }
        }
    }

    @Test
    void job_wait_against_an_address_where_nothing_listens_tries_until_its_timeout_then_exits_3() throws Exception {
        try (ServerProcess nothing = new ServerProcess(home)) {
            var wait = nothing.cli("job", "wait", "any", "--timeout", "3s");

            assertThat(wait.exitCode()).isEqualTo(3);
            assertThat(wait.output()).contains("lepton: cannot reach the server at " + nothing.url() + "; trying again every second")
                    .contains("error: cannot reach the Lepton server at " + nothing.url() + " within 3s");
        }
    }
}
