package dev.lepton.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiResources;
import dev.lepton.api.v1.ApiRetry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Slurm node failing in the middle of a gang, on the real one-node Slurm here ({@code scontrol update
 * State=DOWN}): the whole attempt ends, none of it left running, the node waits unhealthy in Lepton's
 * view, and the job runs again once the node is back.
 */
@Tag("slurm")
class SlurmNodeFailureTest {
    @TempDir
    Path home;
    TestServer server;
    String partition;
    String node;

    @BeforeEach
    void slurm() throws Exception {
        Optional<String> partitions = run("sinfo", "--noheader", "--format=%P");
        assumeTrue(partitions.isPresent(), "no Slurm answers here: run bench/slurm/setup.sh (root)");
        partition = partitions.get().lines().filter(p -> p.endsWith("*")).map(p -> p.substring(0, p.length() - 1)).findFirst()
                .orElse(partitions.get().lines().findFirst().orElseThrow());
        node = run("sinfo", "--noheader", "--partition=" + partition, "--format=%n").orElseThrow().lines().findFirst().orElseThrow();
    }

    @AfterEach
    void resume() throws Exception {
        if (node != null) {
            run("scontrol", "update", "NodeName=" + node, "State=RESUME");
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void a_node_failing_mid_gang_ends_the_whole_attempt_and_the_job_runs_again_once_the_node_is_back() throws Exception {
        server = TestServer.start(home, config -> config.withExecutor(ExecutorChoice.slurm(partition)));
        ApiJob job = JobsEndToEndTest.job("train", List.of("sh", "-c", "echo started; sleep 300"), 2, new ApiRetry(1, "10s", "10s"),
                new ApiResources("500m", "64Mi", 0), null);
        server.admin.createJob(job, false, Optional.empty());
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> server.admin.job("default", "train").status().phase().equals("Running"));
        String uid = server.admin.job("default", "train").metadata().uid();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> log(1).contains("started"));

        run("scontrol", "update", "NodeName=" + node, "State=DOWN", "Reason=lepton-node-failure-test");

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> server.admin.job("default", "train").status().failures() == 1);
        ApiJob failed = server.admin.job("default", "train");
        assertThat(failed.status().phase()).isIn("Queued", "Pending");
        assertThat(failed.status().message()).contains("retry 1 of 1");
        assertThat(failed.status().workers()).allSatisfy(w -> assertThat(w.state()).isNotIn("Running", "Launching"));
        assertThat(run("squeue", "--noheader", "--name=lepton-" + uid + "-1", "--states=RUNNING,PENDING,COMPLETING").orElse(""))
                .as("nothing of the failed attempt left running").isBlank();
        // Slurm returns a DOWN node to service as soon as its slurmd registers again: keep it out, as a node still broken.
        run("scontrol", "update", "NodeName=" + node, "State=DRAIN", "Reason=lepton-node-failure-test");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !server.admin.nodes().getFirst().healthy());
        // Its back-off over, the job still waits: the only node that could hold it is not healthy.
        Awaitility.await().pollDelay(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(20))
                .until(() -> server.admin.job("default", "train").status().attempt() == 1);

        run("scontrol", "update", "NodeName=" + node, "State=RESUME");

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            ApiJob again = server.admin.job("default", "train");
            return again.status().phase().equals("Running") && again.status().attempt() == 2;
        });
        server.admin.cancelJob("default", "train");
    }

    private String log(int worker) throws IOException {
        try (var in = server.admin.jobLogs("default", "train", worker, false)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A Slurm command's output, or empty when it is not installed, fails or does not answer in 20 s. */
    static Optional<String> run(String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException notInstalled) {
            return Optional.empty();
        }
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return Optional.empty();
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return process.exitValue() == 0 ? Optional.of(out) : Optional.empty();
    }
}
