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
    @TempDir
    Path home;

    @Test
    void job_wait_rides_out_a_server_restart_and_exits_with_the_jobs_outcome() throws Exception {
        Path gate = home.resolve("gate");
        try (ServerProcess server = new ServerProcess(home).start()) {
            server.cli("job", "run", "--name", "long", "--", "sh", "-c", "while [ ! -e '" + gate + "' ]; do sleep 0.05; done");
            Process wait = server.startCli("job", "wait", "long", "--timeout", "120s");
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> server.connectedFrom(wait.pid()));

            server.close();
            assertThat(wait.isAlive()).as("job wait gave up when the server went away").isTrue();
            server.start();
            Files.createFile(gate);

            assertThat(wait.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String err = new String(wait.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(wait.exitValue()).as(err).isZero();
            assertThat(new String(wait.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("job/long Succeeded");
            assertThat(err).contains("lost the server at " + server.url()).contains("reconnecting").contains("is back");
        } finally {
            if (!Files.exists(gate)) {
                Files.createFile(gate);
            }
        }
    }

    @Test
    void job_wait_against_an_address_where_nothing_listens_fails_at_once() throws Exception {
        try (ServerProcess nothing = new ServerProcess(home)) {
            var wait = nothing.cli("job", "wait", "any", "--timeout", "10m");

            assertThat(wait.exitCode()).isEqualTo(3);
            assertThat(wait.output()).contains("cannot reach the Lepton server");
        }
    }
}
