package dev.lepton.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.api.v1.ApiCohort;
import dev.lepton.api.v1.ApiExplanation;
import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiJobSpec;
import dev.lepton.api.v1.ApiQueue;
import dev.lepton.api.v1.ApiQueueSpec;
import dev.lepton.api.v1.ApiResources;
import dev.lepton.api.v1.ObjectMeta;
import dev.lepton.client.ApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Queues with quotas through the API: validation, and a quota that holds under concurrent submission. */
class QueueQuotaTest extends SharedServer {
    static ApiQueue queue(String name, String cohort, Map<String, String> nominal, Map<String, String> borrowing) {
        return new ApiQueue(ApiQueue.KIND, null, ObjectMeta.named(name, null), new ApiQueueSpec("", cohort, nominal, borrowing), null);
    }

    static ApiQueue scored(String name, Map<String, Double> scoring) {
        return new ApiQueue(ApiQueue.KIND, null, ObjectMeta.named(name, null), new ApiQueueSpec("", null, null, null, scoring), null);
    }

    static ApiCohort cohort(String name, String parent) {
        return new ApiCohort(ApiCohort.KIND, null, ObjectMeta.named(name, null), new ApiCohort.Spec(parent));
    }

    static int status(Runnable call) {
        try {
            call.run();
            return 200;
        } catch (ApiException e) {
            return e.status();
        }
    }

    @Test
    void a_cohort_cycle_or_an_impossible_quota_is_a_400_naming_the_field_and_nothing_is_stored() {
        server.admin.applyCohort(cohort("x", "y"), false);
        ApiException cycle = (ApiException) org.assertj.core.api.Assertions.catchThrowable(() -> server.admin.applyCohort(cohort("y", "x"), false));
        assertThat(cycle.status()).isEqualTo(400);
        assertThat(cycle.getMessage()).contains("cohort y.spec.parent").contains("cycle");

        assertThatThrownBy(() -> server.admin.applyQueue(queue("bad", null, Map.of("nvidia.com/gpu", "4", "nvidia.com/gpu:H100", "8"), null), false))
                .isInstanceOf(ApiException.class).hasMessageContaining("nvidia.com/gpu:H100").hasMessageContaining("more than its nominal 4");
        assertThatThrownBy(() -> server.admin.applyQueue(queue("bad", null, Map.of("cpu", "lots"), null), false))
                .hasMessageContaining("spec.nominal.cpu").hasMessageContaining("lots");
        assertThatThrownBy(() -> server.admin.applyQueue(queue("bad", null, Map.of("nvidia.com/gpu", "-1"), null), false))
                .hasMessageContaining("spec.nominal.nvidia.com/gpu");
        assertThatThrownBy(() -> server.admin.applyQueue(queue("bad", null, Map.of("nvidia.com/gpu", "2"), Map.of("nvidia.com/gpu", "1")), false))
                .hasMessageContaining("borrowingLimit").hasMessageContaining("cohort");
        assertThatThrownBy(() -> server.admin.applyQueue(queue("bad", null, Map.of("disk", "2"), null), false))
                .hasMessageContaining("spec.nominal.disk").hasMessageContaining("unknown resource");
        assertThatThrownBy(() -> server.admin.applyQueue(scored("bad", Map.of("greenness", 1.0)), false))
                .hasMessageContaining("spec.scoring.greenness: unknown scorer; known: binPack, spread, energy, carbon, cost");
        assertThatThrownBy(() -> server.admin.applyQueue(scored("bad", Map.of("energy", -2.0)), false))
                .hasMessageContaining("spec.scoring.energy: a weight is a number >= 0 (got -2.0)");
        assertThatThrownBy(() -> server.admin.applyQueue(scored("bad", Map.of("energy", 0.0)), false))
                .hasMessageContaining("spec.scoring: at least one weight must be above 0");

        assertThat(server.admin.queues()).extracting(q -> q.metadata().name()).doesNotContain("bad");
        assertThat(server.admin.cohorts()).extracting(c -> c.spec().parent()).containsOnly("y");
    }

    @Test
    void a_quota_may_name_any_accelerator_by_its_resource_name_in_whole_devices() {
        server.admin.applyQueue(queue("rocm", null, Map.of("amd.com/gpu", "2", "amd.com/gpu:MI300X", "1", "cpu", "16"), null), false);

        assertThat(server.admin.queues()).filteredOn(q -> q.metadata().name().equals("rocm")).singleElement()
                .satisfies(q -> assertThat(q.spec().nominal()).containsEntry("amd.com/gpu", "2").containsEntry("amd.com/gpu:MI300X", "1"));
        assertThatThrownBy(() -> server.admin.applyQueue(queue("bad", null, Map.of("amd.com/gpu", "1.5"), null), false))
                .hasMessageContaining("spec.nominal.amd.com/gpu: accelerators are whole numbers (got '1.5')");
        assertThatThrownBy(() -> server.admin.applyQueue(queue("bad", null, Map.of("gpu", "1"), null), false))
                .hasMessageContaining("spec.nominal.gpu").hasMessageContaining("unknown resource");
    }

    @Test
    void under_50_concurrent_submissions_a_queue_never_runs_beyond_its_quota() throws Exception {
        server.admin.applyQueue(queue("capped", null, Map.of("cpu", "1"), null), false);
        List<Integer> answers = new ArrayList<>();
        try (ExecutorService submitters = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String name = "q" + i;
                calls.add(submitters.submit(() -> status(() -> server.admin.createJob(ApiJob.of(ObjectMeta.named(name, null),
                        new ApiJobSpec(List.of("sleep", "0.3"), null, null, new ApiResources("250m", "16MiB", null), null, "capped", null, null, null, null, null, null)),
                        false, Optional.empty()))));
            }
            for (Future<Integer> call : calls) {
                answers.add(call.get());
            }
        }
        assertThat(answers).containsOnly(200);

        long maxCpu = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            ApiQueue capped = server.admin.queue("capped");
            long inUse = capped.status().usage().isEmpty() ? 0 : dev.lepton.core.resource.Quantities.parseCpu(capped.status().usage().get("cpu"));
            maxCpu = Math.max(maxCpu, inUse);
            if (capped.status().queued() == 0 && capped.status().running() == 0) {
                break;
            }
            Thread.sleep(20);
        }
        assertThat(maxCpu).as("CPU in use by the capped queue never exceeds its nominal 1 core").isLessThanOrEqualTo(1000).isPositive();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> server.admin.queue("capped").status().queued() == 0);
        List<ApiJob> jobs = server.admin.jobs(Optional.of("default"), Optional.empty(), 1000, Optional.empty()).items();
        assertThat(jobs.stream().filter(j -> j.metadata().name().startsWith("q"))).hasSize(50)
                .allSatisfy(j -> assertThat(j.status().phase()).isIn("Succeeded", "Running", "Scheduled"));
    }

    @Test
    void a_job_waiting_for_quota_says_so() {
        server.admin.applyQueue(queue("tiny", null, Map.of("cpu", "250m"), null), false);
        server.admin.createJob(ApiJob.of(ObjectMeta.named("big", null), new ApiJobSpec(List.of("true"), null, null,
                new ApiResources("500m", null, null), null, "tiny", null, null, null, null, null, null)), false, Optional.empty());

        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> server.admin.job("default", "big").status().message().contains("waiting for quota"));
        assertThat(server.admin.job("default", "big").status().message()).contains("tiny is at its nominal cpu quota 250m");
        ApiExplanation why = server.admin.explainJob("default", "big");
        assertThat(why.outcome()).isEqualTo("Waiting");
        assertThat(why.cause()).as("the scheduler's own typed reason, not read back from the message").isEqualTo("quota");
        assertThat(why.decidedAt()).as("what the scheduler decided, and when").isNotNull();
        assertThat(why.summary()).startsWith("waiting for quota: queue tiny is at its nominal cpu quota 250m");
        assertThat(why.nodes()).as("the nodes' verdicts as the scheduler saw them").isNotEmpty().allSatisfy(n -> {
            assertThat(n.feasible()).isTrue();
            assertThat(n.parts()).containsKey("binPack");
        });

        server.admin.applyQueue(queue("tiny", null, Map.of("cpu", "1"), null), false);
        ApiJob done = server.admin.waitForJob("default", "big", Duration.ofSeconds(20));
        assertThat(done.status().phase()).isEqualTo("Succeeded");
    }
}
