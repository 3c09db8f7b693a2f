package dev.lepton.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.api.v1.ApiExplanation;
import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiJobSpec;
import dev.lepton.api.v1.ApiPlacement;
import dev.lepton.api.v1.ApiResources;
import dev.lepton.api.v1.ApiRetry;
import dev.lepton.api.v1.ObjectMeta;
import dev.lepton.client.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Jobs through the real HTTP API, a real SQLite store and real worker processes. */
class JobsEndToEndTest extends SharedServer {
    static ApiJob job(String name, List<String> command, Integer workers, ApiRetry retry, ApiResources resources, String maxDuration) {
        return ApiJob.of(ObjectMeta.named(name, null), new ApiJobSpec(command, null, Map.of("GREETING", "hi"), resources, workers,
                null, null, null, null, retry, maxDuration, null));
    }

    static ApiJob job(String name, String script) {
        return job(name, List.of("sh", "-c", script), 1, null, null, null);
    }

    static String logs(String name, int worker) throws IOException {
        try (InputStream in = server.admin.jobLogs("default", name, worker, false)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void a_two_worker_gang_runs_with_rank_and_world_size_and_succeeds() throws IOException {
        server.admin.createJob(job("gang", List.of("sh", "-c", "echo rank=$LEPTON_WORKER_RANK world=$LEPTON_WORLD_SIZE $GREETING cuda=[$CUDA_VISIBLE_DEVICES]"),
                2, null, null, null), false, Optional.empty());

        ApiJob done = server.admin.waitForJob("default", "gang", Duration.ofSeconds(30));

        assertThat(done.status().phase()).isEqualTo("Succeeded");
        assertThat(done.status().exitCode()).isZero();
        assertThat(done.status().workers()).extracting(w -> w.state()).containsOnly("Succeeded");
        assertThat(logs("gang", 0)).contains("rank=0 world=2 hi cuda=[]");
        assertThat(logs("gang", 1)).contains("rank=1 world=2 hi cuda=[]");
    }

    @Test
    void a_failing_job_is_retried_as_its_spec_says_then_fails_with_its_exit_code() {
        server.admin.createJob(job("flaky", List.of("sh", "-c", "echo attempt $LEPTON_ATTEMPT; exit 3"), 1,
                new ApiRetry(2, "100ms", "1s"), null, null), false, Optional.empty());

        ApiJob done = server.admin.waitForJob("default", "flaky", Duration.ofSeconds(30));

        assertThat(done.status().phase()).isEqualTo("Failed");
        assertThat(done.status().exitCode()).isEqualTo(3);
        assertThat(done.status().attempt()).isEqualTo(3);
        assertThat(done.status().failures()).isEqualTo(3);
        assertThat(done.status().message()).contains("exited with code 3");
        assertThat(server.admin.jobEvents("default", "flaky")).extracting(e -> e.type()).contains("Created", "Scheduled", "Started", "WorkerExited");
    }

    @Test
    void an_argument_as_long_as_the_kernel_takes_reaches_the_worker_whole() throws IOException {
        String longest = "x".repeat(131_071);
        server.admin.createJob(job("longarg", List.of("sh", "-c", "echo ${#1}", "_", longest), 1, null, null, null), false, Optional.empty());

        ApiJob done = server.admin.waitForJob("default", "longarg", Duration.ofSeconds(30));

        assertThat(done.status().phase()).as(done.status().message()).isEqualTo("Succeeded");
        assertThat(logs("longarg", 0)).isEqualTo("131071\n");
    }

    @Test
    void a_job_asking_for_more_gpus_than_exist_is_explained_as_infeasible() {
        server.admin.createJob(job("huge", List.of("true"), 1, null, new ApiResources(null, null, 999), null), false, Optional.empty());

        ApiExplanation why = server.admin.explainJob("default", "huge");

        assertThat(why.outcome()).isEqualTo("Infeasible");
        assertThat(why.summary()).contains("needs 999 nvidia.com/gpu per worker, the largest node has");
        assertThat(why.nodes()).allSatisfy(n -> assertThat(n.reason()).contains("999 nvidia.com/gpu"));
    }

    @Test
    void a_job_asking_for_accelerators_by_name_reads_back_as_written_and_is_explained_by_the_accelerator_no_node_has() {
        ApiResources asked = new ApiResources("1", "1GiB", null, Map.of("amd.com/gpu", 2));
        ApiJob created = server.admin.createJob(job("rocm", List.of("true"), 1, null, asked, null), false, Optional.empty());

        ApiResources stored = server.admin.job("default", "rocm").spec().resources();
        ApiExplanation why = server.admin.explainJob("default", "rocm");

        assertThat(created.spec().resources().accelerators()).containsExactly(Map.entry("amd.com/gpu", 2));
        assertThat(stored.accelerators()).containsExactly(Map.entry("amd.com/gpu", 2));
        assertThat(stored.gpus()).as("no NVIDIA GPUs").isZero();
        assertThat(why.outcome()).isEqualTo("Infeasible");
        assertThat(why.summary()).contains("needs 2 amd.com/gpu per worker, the largest node has 0");
        assertThat(why.nodes()).allSatisfy(n -> assertThat(n.reason()).isEqualTo("needs 2 amd.com/gpu, 0 in all"));
    }

    @Test
    void gpus_and_accelerators_nvidia_com_gpu_are_one_request_and_read_back_both_ways() {
        ApiResources both = new ApiResources("1", "1GiB", 3, Map.of("nvidia.com/gpu", 3));

        ApiJob checked = server.admin.createJob(job("cuda-both", List.of("true"), 1, null, both, null), true, Optional.empty());

        assertThat(checked.spec().resources().gpus()).isEqualTo(3);
        assertThat(checked.spec().resources().accelerators()).containsExactly(Map.entry("nvidia.com/gpu", 3));
    }

    @Test
    void a_job_whose_placement_no_node_satisfies_is_explained_per_node() {
        server.admin.createJob(ApiJob.of(ObjectMeta.named("picky", null), new ApiJobSpec(List.of("true"), null, null, null, null, null, null,
                null, null, null, null, new ApiPlacement(Map.of("zone", "b"), null, "edge", null, null))), false, Optional.empty());

        ApiExplanation why = server.admin.explainJob("default", "picky");

        assertThat(why.outcome()).isEqualTo("Infeasible");
        assertThat(why.nodes()).allSatisfy(n -> assertThat(n.reason()).isEqualTo("lacks label zone=b"));
        assertThat(server.admin.job("default", "picky").spec().placement().tier()).isEqualTo("edge");
    }

    @Test
    void a_running_job_is_cancelled_with_its_workers_stopped() {
        server.admin.createJob(job("sleeper", "sleep 60"), false, Optional.empty());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> server.admin.job("default", "sleeper").status().phase().equals("Running"));

        server.admin.cancelJob("default", "sleeper");
        ApiJob done = server.admin.waitForJob("default", "sleeper", Duration.ofSeconds(20));

        assertThat(done.status().phase()).isEqualTo("Cancelled");
        assertThat(done.status().workers()).extracting(w -> w.state()).containsOnly("Killed");
        assertThatThrownBy(() -> server.admin.cancelJob("default", "sleeper"))
                .isInstanceOf(ApiException.class).extracting(e -> ((ApiException) e).status()).isEqualTo(409);
    }

    @Test
    void a_job_that_runs_past_its_max_duration_fails_and_says_so() {
        server.admin.createJob(job("slow", List.of("sleep", "30"), 1, null, null, "1s"), false, Optional.empty());

        ApiJob done = server.admin.waitForJob("default", "slow", Duration.ofSeconds(20));

        assertThat(done.status().phase()).isEqualTo("Failed");
        assertThat(done.status().message()).contains("exceeded maxDuration 1s");
    }

    @Test
    void the_same_idempotency_key_creates_one_job_however_often_it_is_sent() {
        ApiJob first = server.admin.createJob(job("once", "true"), false, Optional.of("key-1"));
        ApiJob again = server.admin.createJob(job("once", "true"), false, Optional.of("key-1"));

        assertThat(again.metadata().uid()).isEqualTo(first.metadata().uid());
        assertThatThrownBy(() -> server.admin.createJob(job("once", "true"), false, Optional.empty()))
                .isInstanceOf(ApiException.class).extracting(e -> ((ApiException) e).code()).isEqualTo("ALREADY_EXISTS");
    }

    @Test
    void a_dry_run_validates_without_storing() {
        ApiJob checked = server.admin.createJob(job("dry", "true"), true, Optional.empty());

        assertThat(checked.status().phase()).isEqualTo("Queued");
        assertThatThrownBy(() -> server.admin.job("default", "dry")).isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).status()).isEqualTo(404);
    }

    @Test
    void usage_is_recorded_per_worker_and_nodes_show_utilisation() {
        server.admin.createJob(job("busy", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done"), false, Optional.empty());

        ApiJob done = server.admin.waitForJob("default", "busy", Duration.ofSeconds(60));

        assertThat(done.status().phase()).isEqualTo("Succeeded");
        assertThat(done.status().workers().getFirst().cpuSeconds()).isPositive();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> server.admin.nodes().getFirst().cpuUtilization() != null);
        assertThat(server.admin.nodes()).singleElement().satisfies(n -> {
            assertThat(n.cpu()).isEqualTo(Integer.toString(Runtime.getRuntime().availableProcessors()));
            assertThat(n.gpuDevices()).hasSize(n.gpus());
            assertThat(n.cpuUtilization()).isBetween(0.0, 1.0);
            assertThat(n.memoryUsedBytes()).isPositive();
        });
    }
}
