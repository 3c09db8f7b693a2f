package dev.lepton.server.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.execution.LaunchSpec;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobPhase;
import dev.lepton.core.node.Node;
import dev.lepton.core.quota.Quota;
import dev.lepton.core.quota.QueueSpec;
import dev.lepton.core.quota.QuotaTree;
import dev.lepton.core.resource.Accelerators;
import dev.lepton.testing.TestJobs;
import dev.lepton.testing.TestNodes;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler loop (simulated time, a fake executor, a real SQLite store) on a cluster of one NVIDIA node and one
 * AMD node: work asking for {@code amd.com/gpu} goes only to the AMD node, pinned to its devices, and a queue's
 * quota on {@code amd.com/gpu} holds its AMD work while its NVIDIA work runs.
 */
class AcceleratorSchedulingTest {
    private static final String AMD = "amd.com/gpu";
    static final Node H100 = TestNodes.node("h100").cpus(32).memory("256GiB").gpus(8, "H100").build();
    static final Node MI300 = TestNodes.node("mi300").cpus(32).memory("256GiB").accelerators(AMD, 8, "MI300X").build();

    @TempDir
    Path dir;
    LoopScenario scenario;

    @BeforeEach
    void open() {
        scenario = new LoopScenario(dir);
    }

    @AfterEach
    void close() {
        scenario.close();
    }

    private static QuotaTree queues(QueueSpec... limited) {
        List<QueueSpec> all = new java.util.ArrayList<>(List.of(limited));
        all.add(QueueSpec.unlimited("default"));
        return QuotaTree.of(all, List.of());
    }

    private LaunchSpec launchOf(String name) {
        String uid = scenario.stored(name).uid();
        return scenario.executor.launches().stream().filter(l -> l.attempt().jobUid().equals(uid)).findFirst().orElseThrow();
    }

    @Test
    void an_amd_gpu_job_runs_on_the_amd_node_pinned_to_its_amd_devices_and_its_spec_reads_back_from_the_store() {
        scenario.start(List.of(H100, MI300), queues(), "priority");

        scenario.submit(TestJobs.training().name("rocm").accelerators(AMD, 2).build());
        scenario.submit(TestJobs.training().name("cuda").gpus(2).build());
        scenario.awaitPhase("rocm", JobPhase.RUNNING);
        scenario.awaitPhase("cuda", JobPhase.RUNNING);

        assertThat(launchOf("rocm").node()).isEqualTo("mi300");
        assertThat(launchOf("rocm").gpuIndices()).containsExactly(0, 1);
        assertThat(launchOf("rocm").resources().accelerators()).isEqualTo(Accelerators.of(AMD, 2));
        assertThat(launchOf("cuda").node()).isEqualTo("h100");
        assertThat(scenario.stored("rocm").spec().resources().accelerator(AMD)).isEqualTo(2);
    }

    @Test
    void while_the_amd_gpus_are_taken_an_amd_job_waits_though_nvidia_gpus_are_free_and_its_decision_names_the_accelerator() {
        scenario.start(List.of(H100, MI300), queues(), "priority");
        scenario.submit(TestJobs.training().name("big").accelerators(AMD, 8).build());
        scenario.awaitPhase("big", JobPhase.RUNNING);

        scenario.submit(TestJobs.training().name("small").accelerators(AMD, 1).build());
        scenario.awaitThat("small is decided", () -> scenario.loop().lastDecision(scenario.stored("small")).isPresent());

        Job small = scenario.stored("small");
        assertThat(small.phase()).isEqualTo(JobPhase.QUEUED);
        assertThat(scenario.loop().lastDecision(small).orElseThrow().verdicts().get())
                .extracting(v -> v.node() + ": " + v.rejection().orElse("fits"))
                .containsExactlyInAnyOrder("h100: needs 1 amd.com/gpu, 0 in all", "mi300: needs 1 amd.com/gpu, 0 free");
    }

    @Test
    void a_queue_quota_on_amd_gpus_holds_its_amd_work_and_lets_its_nvidia_work_run() {
        QueueSpec rocm = new QueueSpec("rocm", Optional.empty(), new Quota(Map.of(AMD, 4L)), Optional.empty());
        // Under backfill: a strict policy (priority, fifo) would hold c behind b, the head of its queue (AllocatorQuotaTest).
        scenario.start(List.of(H100, MI300), queues(rocm), "backfill");

        scenario.submit(TestJobs.training().name("a").queue("rocm").accelerators(AMD, 4).seq(1).build());
        scenario.submit(TestJobs.training().name("b").queue("rocm").accelerators(AMD, 2).seq(2).build());
        scenario.submit(TestJobs.training().name("c").queue("rocm").gpus(8).seq(3).build());

        scenario.awaitPhase("a", JobPhase.RUNNING);
        scenario.awaitPhase("c", JobPhase.RUNNING);
        scenario.awaitThat("b says why", () -> scenario.stored("b").status().message()
                .equals("waiting for quota: queue rocm is at its nominal amd.com/gpu quota 4 and is in no cohort to borrow from"));
    }
}
