package dev.lepton.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lepton.api.v1.ApiDeployment;
import dev.lepton.api.v1.ApiDeploymentSpec;
import dev.lepton.api.v1.ApiEnergy;
import dev.lepton.api.v1.ApiEnergySource;
import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiJobSpec;
import dev.lepton.api.v1.ApiReplica;
import dev.lepton.api.v1.ApiReplicas;
import dev.lepton.api.v1.ApiResources;
import dev.lepton.api.v1.ApiWorker;
import dev.lepton.api.v1.ObjectMeta;
import dev.lepton.api.v1.Versions;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server on the real one-node Slurm here, as a user sees it: a running job's CPU time and memory
 * from {@code sstat} in {@code job get}, each worker's own (a step per task), its energy modelled where
 * Slurm measures none (no energy plugin here) and said so with its source, and a job's uploaded code
 * unpacked where its workers start.
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
    void each_worker_of_a_two_worker_job_shows_its_own_cpu_time_and_memory_a_busy_rank_and_a_sleeping_one() {
        ApiJobSpec spec = new ApiJobSpec(List.of("sh", "-c", "if [ \"$LEPTON_WORKER_RANK\" = 0 ]; then while :; do :; done; fi; exec sleep 300"),
                null, null, new ApiResources("500m", "64Mi", 0), 2, null, null, null, null, null, null, null);
        server.admin.createJob(ApiJob.of(ObjectMeta.named("pair", null), spec), false, Optional.empty());

        List<ApiWorker> workers = Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> server.admin.job("default", "pair").status().workers(),
                        w -> w.size() == 2 && w.stream().allMatch(x -> x.peakMemoryBytes() > 0) && busy(w).cpuSeconds() > 2);

        assertThat(rank(workers, 1).cpuSeconds()).as("the sleeping rank's own CPU time, not half the busy one's").isLessThan(0.5);
        assertThat(rank(workers, 1).handle()).matches("slurm job [0-9]+ task 1");
        ApiEnergy energy = Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> server.admin.job("default", "pair").status().energy(), e -> e != null && e.sources() != null && !e.sources().isEmpty());
        assertThat(energy.provenance()).isEqualTo("modelled");
        assertThat(energy.sources()).extracting(ApiEnergySource::source).allSatisfy(source -> assertThat(source).startsWith("model:"));

        server.admin.cancelJob("default", "pair");
        ApiJob cancelled = server.admin.waitForJob("default", "pair", Duration.ofSeconds(60));
        assertThat(busy(cancelled.status().workers()).cpuSeconds()).isGreaterThan(rank(cancelled.status().workers(), 1).cpuSeconds() + 1);
    }

    private static ApiWorker busy(List<ApiWorker> workers) {
        return rank(workers, 0);
    }

    private static ApiWorker rank(List<ApiWorker> workers, int rank) {
        return workers.stream().filter(w -> w.rank() == rank).findFirst().orElseThrow();
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

    @Test
    void a_command_deployment_s_replica_runs_as_a_slurm_job_and_answers_through_the_gateway_at_its_node() throws Exception {
        ApiDeploymentSpec spec = new ApiDeploymentSpec(null, null, List.of("sh", "-c", "exec python3 -m http.server $PORT"), null, null, null,
                null, new ApiResources("500m", "128Mi", 0), new ApiReplicas(1, 1), null, null, "public", null, null);
        server.admin.createDeployment("default", new ApiDeployment(ApiDeployment.KIND, Versions.V1,
                new ObjectMeta("web", "default", Map.of(), null, null, null), spec, null));

        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> server.admin.deployment("default", "web").status().ready() == 1);
        ApiReplica replica = server.admin.deployment("default", "web").status().replicas().getFirst();
        String node = server.admin.job("default", replica.job()).status().workers().getFirst().node();
        assertThat(replica.address()).as("the Slurm node's name, from the executor, with its PORT").startsWith(node + ":");
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.server.url() + "/endpoints/web/"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("Directory listing");
        server.admin.deleteDeployment("default", "web");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> server.admin.job("default", replica.job()).status().phase().equals("Cancelled")
                || server.admin.job("default", replica.job()).status().phase().equals("Succeeded")
                || server.admin.job("default", replica.job()).status().phase().equals("Failed"));
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
