package dev.lepton.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiJobSpec;
import dev.lepton.api.v1.ApiResources;
import dev.lepton.api.v1.ApiWorker;
import dev.lepton.api.v1.ObjectMeta;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server on the real one-node Slurm here, as a user sees it: a running job's CPU time and memory
 * from {@code sstat} in {@code job get}, its energy modelled where Slurm measures none (no energy
 * plugin here), and a job's uploaded code unpacked where its workers start.
 */
@Tag("slurm")
class SlurmWorkloadTest {
    @TempDir
    Path home;
    @TempDir
    Path scratch;
    TestServer server;

    @BeforeEach
    void slurm() throws Exception {
        Optional<String> partitions = SlurmNodeFailureTest.run("sinfo", "--noheader", "--format=%P");
        assumeTrue(partitions.isPresent(), "no Slurm answers here: run bench/slurm/setup.sh (root)");
        String partition = partitions.get().lines().filter(p -> p.endsWith("*")).map(p -> p.substring(0, p.length() - 1)).findFirst()
                .orElse(partitions.get().lines().findFirst().orElseThrow());
        server = TestServer.start(home, config -> config.withExecutor(ExecutorChoice.slurm(partition)));
    }

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void a_busy_workers_cpu_seconds_grow_in_job_get_and_stay_with_it_once_it_ends() {
        server.admin.createJob(ApiJob.of(ObjectMeta.named("busy", null), spec(List.of("sh", "-c", "echo started; while :; do :; done"))),
                false, Optional.empty());

        double first = Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> worker("busy").cpuSeconds(), cpu -> cpu > 0.5);
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> worker("busy").cpuSeconds(), cpu -> cpu > first + 0.5);
        ApiJob running = server.admin.job("default", "busy");
        assertThat(running.status().workers().getFirst().peakMemoryBytes()).isPositive();
        if (running.status().energy() != null) {
            assertThat(running.status().energy().provenance()).as("Slurm measures no energy here: modelled, and said so").isEqualTo("modelled");
        }

        double before = worker("busy").cpuSeconds();
        server.admin.cancelJob("default", "busy");
        ApiJob cancelled = server.admin.waitForJob("default", "busy", Duration.ofSeconds(60));

        assertThat(cancelled.status().workers().getFirst().cpuSeconds()).as("the exit carries the last sample").isGreaterThanOrEqualTo(before);
    }

    @Test
    void a_job_with_uploaded_code_reads_a_file_of_its_snapshot_on_the_slurm_node() throws IOException {
        byte[] archive = LimitsAndCodeEndToEndTest.archive("data.txt", "lepton-code-on-slurm\n");
        String sha = AccessMatrixTest.sha256(archive);
        server.admin.uploadCode("default", sha, Files.write(scratch.resolve("code.tar.gz"), archive));

        server.admin.createJob(ApiJob.of(ObjectMeta.named("shipped", null), spec(List.of("sh", "-c", "cat data.txt; echo slurm=$SLURM_JOB_ID"))
                .withCode("sha256:" + sha)), false, Optional.empty());
        ApiJob done = server.admin.waitForJob("default", "shipped", Duration.ofSeconds(90));

        assertThat(done.status().phase()).isEqualTo("Succeeded");
        assertThat(logs("shipped")).startsWith("lepton-code-on-slurm\nslurm=").doesNotContain("slurm=\n");
    }

    private static ApiJobSpec spec(List<String> command) {
        return new ApiJobSpec(command, null, null, new ApiResources("500m", "64Mi", 0), 1, null, null, null, null, null, null, null);
    }

    private ApiWorker worker(String job) {
        return server.admin.job("default", job).status().workers().getFirst();
    }

    private String logs(String job) throws IOException {
        try (InputStream in = server.admin.jobLogs("default", job, 0, false)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
