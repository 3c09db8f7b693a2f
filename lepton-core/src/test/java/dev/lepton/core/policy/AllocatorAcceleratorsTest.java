package dev.lepton.core.policy;

import static dev.lepton.core.policy.Fixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.node.GpuDevice;
import dev.lepton.core.node.Node;
import dev.lepton.core.node.NodeCondition;
import dev.lepton.core.placement.Assignment;
import dev.lepton.core.placement.ClusterSnapshot;
import dev.lepton.core.placement.NodeState;
import dev.lepton.core.policy.AllocationPlan.Cause;
import dev.lepton.core.policy.AllocationPlan.Start;
import dev.lepton.core.quota.Quota;
import dev.lepton.core.quota.QueueSpec;
import dev.lepton.core.quota.QuotaAdmission;
import dev.lepton.core.quota.QuotaLedger;
import dev.lepton.core.quota.QuotaTree;
import dev.lepton.core.resource.Accelerators;
import dev.lepton.core.resource.Resources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The allocator on a cluster of NVIDIA and AMD nodes: its index counts GPUs of every name alike, yet no job is
 * ever given devices of a name it did not ask for, and a queue's quota on {@code amd.com/gpu} holds AMD work only.
 */
class AllocatorAcceleratorsTest {
    private static final String AMD = "amd.com/gpu";
    private static final Instant NOW = at(1000);
    private static final Node H100 = node("h100", Accelerators.NVIDIA_GPU, "H100");
    private static final Node MI300 = node("mi300", AMD, "MI300X");

    private static Node node(String name, String resource, String model) {
        List<GpuDevice> devices = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            devices.add(new GpuDevice(i, name + "-" + i, model, 80L << 30, 700, resource));
        }
        return new Node(name, new Resources(64_000, 512L << 30, Accelerators.of(resource, 8)), devices, Map.of(), NodeCondition.READY);
    }

    private static Candidate job(String id, String resource, int count, long submitted) {
        return Candidate.waiting(id, new Resources(1_000, 1L << 30, Accelerators.of(resource, count)), 1, at(submitted));
    }

    private static List<String> started(AllocationPlan plan) {
        return plan.starts().stream().map(s -> s.candidate().id()).toList();
    }

    private static String nodeOf(AllocationPlan plan, String id) {
        return plan.starts().stream().filter(s -> s.candidate().id().equals(id)).findFirst().orElseThrow().assignments().getFirst().node();
    }

    @Test
    void free_nvidia_gpus_are_no_room_for_an_amd_job_which_waits_saying_what_it_needs() {
        NodeState amdFull = new NodeState(MI300, new Resources(8_000, 8L << 30, Accelerators.of(AMD, 8)), Set.of(0, 1, 2, 3, 4, 5, 6, 7));
        ClusterSnapshot cluster = new ClusterSnapshot(List.of(NodeState.idle(H100), amdFull));

        AllocationPlan plan = Allocator.standard().allocate(cluster, List.of(job("cuda", Accelerators.NVIDIA_GPU, 2, 0), job("rocm", AMD, 2, 10)),
                Policies.named("fifo"), Admission.NONE, NOW);

        assertThat(started(plan)).containsExactly("cuda");
        assertThat(plan.waiting()).singleElement().satisfies(w -> {
            assertThat(w.candidate()).isEqualTo("rocm");
            assertThat(w.cause()).isEqualTo(Cause.RESOURCES);
            assertThat(w.reason()).startsWith("needs 2 amd.com/gpu as 1 worker(s); no room is free");
        });
    }

    @Test
    void on_kept_free_capacity_each_job_goes_to_its_own_vendor_s_node_and_later_plans_see_what_it_took() {
        FreeCapacity free = FreeCapacity.of(new ClusterSnapshot(List.of(NodeState.idle(H100), NodeState.idle(MI300))));
        RunningJobs running = new RunningJobs(Policies.named("fifo"));

        AllocationPlan first = Allocator.standard().allocate(free, running,
                List.of(job("rocm", AMD, 6, 0), job("cuda", Accelerators.NVIDIA_GPU, 6, 1)), Policies.named("fifo"), Admission.NONE, NOW);
        for (Start start : first.starts()) {
            free.started(start.candidate(), start.assignments());
            running.add(start.candidate().runningOn(start.assignments(), NOW), NOW);
        }
        AllocationPlan second = Allocator.standard().allocate(free, running, List.of(job("rocm-2", AMD, 4, 2)), Policies.named("fifo"),
                Admission.NONE, NOW);

        assertThat(nodeOf(first, "rocm")).isEqualTo("mi300");
        assertThat(nodeOf(first, "cuda")).isEqualTo("h100");
        assertThat(second.starts()).as("two AMD GPUs are left, though two NVIDIA ones are too").isEmpty();
        assertThat(free.totalFree().accelerators()).isEqualTo(Accelerators.of(Map.of(AMD, 2, Accelerators.NVIDIA_GPU, 2)));
    }

    @Test
    void a_queue_quota_on_amd_gpus_holds_its_amd_jobs_and_leaves_its_nvidia_jobs_to_the_nodes_unless_the_order_is_strict() {
        QuotaTree tree = QuotaTree.of(List.of(new QueueSpec("rocm", Optional.empty(), new Quota(Map.of(AMD, 2L)), Optional.empty())),
                List.of());
        ClusterSnapshot cluster = new ClusterSnapshot(List.of(NodeState.idle(H100), NodeState.idle(MI300)));
        List<Candidate> waiting = List.of(job("a", AMD, 2, 0).withQueue("rocm"), job("b", AMD, 2, 1).withQueue("rocm"),
                job("c", Accelerators.NVIDIA_GPU, 4, 2).withQueue("rocm"));

        AllocationPlan plan = Allocator.standard().allocate(cluster, waiting, Policies.named("backfill"),
                new QuotaAdmission(new QuotaLedger(tree, Map.of())), NOW);
        AllocationPlan strict = Allocator.standard().allocate(cluster, waiting, Policies.named("fifo"),
                new QuotaAdmission(new QuotaLedger(tree, Map.of())), NOW);

        assertThat(started(strict)).as("under a strict order, c waits behind b's quota").containsExactly("a");
        assertThat(started(plan)).containsExactly("a", "c");
        assertThat(plan.waiting()).singleElement().satisfies(w -> {
            assertThat(w.candidate()).isEqualTo("b");
            assertThat(w.cause()).isEqualTo(Cause.ADMISSION);
            assertThat(w.reason()).contains("amd.com/gpu quota 2");
        });
        assertThat(plan.starts()).filteredOn(s -> s.candidate().id().equals("a")).singleElement()
                .satisfies(s -> assertThat(s.assignments()).extracting(Assignment::node).containsExactly("mi300"));
    }

    @Test
    void what_a_gang_holds_is_charged_to_its_queue_name_by_name() {
        Resources gang = new Resources(2_000, 4L << 30, Accelerators.of(Map.of(AMD, 2, Accelerators.NVIDIA_GPU, 1))).times(3);

        assertThat(Quota.of(gang).amounts()).containsExactlyInAnyOrderEntriesOf(Map.of(Quota.CPU, 6_000L, Quota.MEMORY, 12L << 30,
                AMD, 6L, Accelerators.NVIDIA_GPU, 3L));
    }
}
