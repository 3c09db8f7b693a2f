package dev.lepton.core.placement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.node.GpuDevice;
import dev.lepton.core.node.Node;
import dev.lepton.core.node.NodeCondition;
import dev.lepton.core.placement.PlacementOutcome.Infeasible;
import dev.lepton.core.placement.PlacementOutcome.Placed;
import dev.lepton.core.placement.PlacementOutcome.Waiting;
import dev.lepton.core.resource.Accelerators;
import dev.lepton.core.resource.Resources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Workers asking for accelerators by resource name go only where devices of that name are, pinned to them. */
class AcceleratorPlacementTest {
    private static final long GiB = 1L << 30;
    private static final String AMD = "amd.com/gpu";
    private static final String NVIDIA = Accelerators.NVIDIA_GPU;

    private final Placement placement = Placement.standard();

    /** 32 CPUs, 256GiB, and devices of each name in the order given, indexed from 0 across names. */
    private static Node node(String name, Map<String, Integer> accelerators) {
        List<GpuDevice> devices = new ArrayList<>();
        accelerators.forEach((resource, count) -> {
            for (int i = 0; i < count; i++) {
                int index = devices.size();
                devices.add(new GpuDevice(index, name + "-" + index, resource.equals(AMD) ? "MI300X" : "H100", 80 * GiB, 700, resource));
            }
        });
        return new Node(name, new Resources(32_000, 256 * GiB, Accelerators.of(accelerators)), devices, Map.of(), NodeCondition.READY);
    }

    private static Map<String, Integer> devices(Object... nameAndCount) {
        Map<String, Integer> map = new LinkedHashMap<>();
        for (int i = 0; i < nameAndCount.length; i += 2) {
            map.put((String) nameAndCount[i], (Integer) nameAndCount[i + 1]);
        }
        return map;
    }

    private static Resources worker(String resource, int count) {
        return new Resources(1_000, 4 * GiB, Accelerators.of(resource, count));
    }

    private static final Node H100 = node("h100", devices(NVIDIA, 8));
    private static final Node MI300 = node("mi300", devices(AMD, 8));
    private static final Node CPU = node("cpu", devices());

    private PlacementOutcome place(ClusterSnapshot cluster, Resources perWorker, int workers) {
        return placement.place(cluster, new PlacementRequest("ml/rocm", perWorker, workers));
    }

    private static ClusterSnapshot idle(Node... nodes) {
        return new ClusterSnapshot(List.of(nodes).stream().map(NodeState::idle).toList());
    }

    @Test
    void an_amd_gpu_worker_goes_only_to_the_node_with_amd_gpus_and_the_others_say_which_accelerator_they_lack() {
        PlacementOutcome outcome = place(idle(H100, CPU, MI300), worker(AMD, 2), 1);

        assertThat(outcome).isInstanceOfSatisfying(Placed.class, placed ->
                assertThat(placed.assignments()).singleElement().satisfies(a -> {
                    assertThat(a.node()).isEqualTo("mi300");
                    assertThat(a.gpuIndices()).containsExactly(0, 1);
                }));
        assertThat(outcome.verdicts()).filteredOn(v -> !v.node().equals("mi300"))
                .allSatisfy(v -> assertThat(v.rejection()).contains("needs 2 amd.com/gpu, 0 in all"));
    }

    @Test
    void on_a_node_of_two_vendors_each_worker_is_pinned_to_devices_of_the_name_it_asked_for() {
        Node mixed = node("mixed", devices(NVIDIA, 2, AMD, 4));
        NodeState busy = NodeState.idle(mixed);

        List<Integer> amd = busy.pickGpus(Accelerators.of(AMD, 3));
        busy = busy.take(worker(AMD, 3), amd);
        List<Integer> nvidia = busy.pickGpus(Accelerators.nvidiaGpus(2));
        busy = busy.take(worker(NVIDIA, 2), nvidia);

        assertThat(amd).as("devices 2 to 5 are the AMD ones").containsExactly(2, 3, 4);
        assertThat(nvidia).containsExactly(0, 1);
        assertThat(busy.free().accelerators()).isEqualTo(Accelerators.of(AMD, 1));
    }

    @Test
    void whether_a_worker_fits_a_node_now_is_what_its_free_resources_say_for_nodes_of_one_two_or_no_accelerator_names() {
        List<Node> nodes = List.of(H100, MI300, CPU, node("mixed", devices(NVIDIA, 2, AMD, 4)));
        List<Resources> requests = List.of(worker(AMD, 1), worker(AMD, 3), worker(NVIDIA, 2), worker(NVIDIA, 9),
                new Resources(1_000, GiB, Accelerators.of(Map.of(AMD, 1, NVIDIA, 1))), new Resources(40_000, GiB, 0), new Resources(0, 0, 0));
        for (Node node : nodes) {
            for (int busy = 0; busy <= node.gpus().size(); busy++) {
                Set<Integer> inUse = new java.util.TreeSet<>();
                for (int i = 0; i < busy; i++) {
                    inUse.add(node.gpus().get(node.gpus().size() - 1 - i).index());
                }
                NodeState state = new NodeState(node, new Resources(busy * 1_000L, busy * GiB, 0), inUse);
                for (Resources request : requests) {
                    assertThat(state.fits(request)).as("%s on %s with %d in use", request, node.name(), busy)
                            .isEqualTo(request.fitsIn(state.free()));
                }
            }
        }
    }

    @Test
    void while_the_amd_gpus_are_taken_an_amd_worker_waits_though_nvidia_gpus_are_free_and_the_summary_says_so() {
        NodeState full = new NodeState(MI300, worker(AMD, 8), Set.of(0, 1, 2, 3, 4, 5, 6, 7));
        ClusterSnapshot cluster = new ClusterSnapshot(List.of(NodeState.idle(H100), full));

        PlacementOutcome outcome = place(cluster, worker(AMD, 2), 1);

        assertThat(outcome).isInstanceOf(Waiting.class);
        assertThat(outcome.summary()).contains("mi300: needs 2 amd.com/gpu, 0 free").contains("h100: needs 2 amd.com/gpu, 0 in all");
    }

    @Test
    void more_amd_gpus_than_any_node_has_is_infeasible_naming_the_accelerator() {
        PlacementOutcome outcome = place(idle(H100, MI300), worker(AMD, 16), 1);

        assertThat(outcome).isInstanceOf(Infeasible.class);
        assertThat(outcome.summary()).isEqualTo("no node can ever hold one worker: needs 16 amd.com/gpu per worker, the largest node has 8");
    }

    @Test
    void a_gang_of_amd_workers_is_held_to_what_the_amd_nodes_hold_together() {
        Node second = node("mi300-b", devices(AMD, 8));

        assertThat(place(idle(H100, MI300, second), worker(AMD, 8), 2)).isInstanceOfSatisfying(Placed.class, placed ->
                assertThat(placed.assignments()).extracting(Assignment::node).containsExactlyInAnyOrder("mi300", "mi300-b"));
        assertThat(place(idle(H100, MI300, second), worker(AMD, 8), 3)).isInstanceOf(Infeasible.class);
    }
}
