package dev.lepton.core.placement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.node.GpuDevice;
import dev.lepton.core.node.Node;
import dev.lepton.core.node.NodeCondition;
import dev.lepton.core.placement.PlacementOutcome.Infeasible;
import dev.lepton.core.placement.PlacementOutcome.Placed;
import dev.lepton.core.placement.PlacementOutcome.Waiting;
import dev.lepton.core.resource.Resources;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Placement checked on thousands of random clusters of one or two GPU models from a fixed seed, so a
 * failure names a case that reproduces. Workers of a gang are identical, so the greedy placement is
 * exact: a gang is placed if and only if the free slots of the healthy nodes add up to it, and it is
 * infeasible if and only if their idle slots do not, counting for a gang of GPU workers the nodes of
 * one GPU model at a time.
 */
class PlacementPropertyTest {
    private static final long SEED = 0x1E970A;
    private static final int CASES = 3_000;
    private static final long MiB = 1L << 20;

    private final Placement placement = Placement.standard();

    private record Case(int number, ClusterSnapshot cluster, PlacementRequest request) {}

    @Test
    void placements_never_over_allocate_a_node_and_pin_only_free_gpus() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < CASES; i++) {
            Case c = randomCase(i, random);
            if (placement.place(c.cluster(), c.request()) instanceof Placed placed) {
                checkAllocations(c, placed);
                if (c.request().perWorker().gpus() > 0) {
                    assertThat(placed.assignments().stream().map(a -> modelOf(c, a.node())).distinct())
                            .as("case %d: a gang on GPUs of one model", c.number()).hasSize(1);
                }
            }
        }
    }

    @Test
    void a_gang_is_placed_exactly_when_the_free_healthy_slots_allow_and_infeasible_exactly_when_idle_slots_of_all_nodes_do_not() {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        int placed = 0;
        int waiting = 0;
        int infeasible = 0;
        for (int i = 0; i < CASES; i++) {
            Case c = randomCase(i, random);
            PlacementOutcome outcome = placement.place(c.cluster(), c.request());
            long free = slots(c, true);
            long idle = slots(c, false);
            int workers = c.request().workers();
            switch (outcome) {
                case Placed p -> {
                    assertThat(free).as("case %d: placed with %d free slots for %d workers", c.number(), free, workers)
                            .isGreaterThanOrEqualTo(workers);
                    placed++;
                }
                case Waiting w -> {
                    assertThat(free).as("case %d: %s", c.number(), w.summary()).isLessThan(workers);
                    assertThat(idle).as("case %d: %s", c.number(), w.summary()).isGreaterThanOrEqualTo(workers);
                    waiting++;
                }
                case Infeasible f -> {
                    assertThat(idle).as("case %d: %s", c.number(), f.summary()).isLessThan(workers);
                    infeasible++;
                }
            }
            assertThat(outcome.verdicts()).extracting(NodeVerdict::node)
                    .containsExactlyElementsOf(c.cluster().nodes().stream().map(NodeState::name).toList());
        }
        // The generator must exercise all three answers, or the property proves little.
        assertThat(List.of(placed, waiting, infeasible)).allSatisfy(n -> assertThat(n).isGreaterThan(CASES / 20));
    }

    private static void checkAllocations(Case c, Placed placed) {
        assertThat(placed.assignments()).extracting(Assignment::rank)
                .containsExactlyElementsOf(IntStream.range(0, c.request().workers()).boxed().toList());
        Resources perWorker = c.request().perWorker();
        Map<String, Resources> added = new HashMap<>();
        Map<String, Set<Integer>> pinned = new HashMap<>();
        for (Assignment a : placed.assignments()) {
            added.merge(a.node(), perWorker, Resources::plus);
            assertThat(a.gpuIndices()).as("case %d: %s", c.number(), a).hasSize(perWorker.gpus());
            Set<Integer> onNode = pinned.computeIfAbsent(a.node(), n -> new HashSet<>());
            for (int gpu : a.gpuIndices()) {
                assertThat(onNode.add(gpu)).as("case %d: GPU %d of %s pinned twice", c.number(), gpu, a.node()).isTrue();
            }
        }
        for (NodeState node : c.cluster().nodes()) {
            Resources extra = added.get(node.name());
            if (extra == null) {
                continue;
            }
            assertThat(node.node().healthy()).as("case %d: placed on unhealthy %s", c.number(), node.name()).isTrue();
            assertThat(extra.fitsIn(node.free())).as("case %d: %s over-allocated by %s", c.number(), node.name(), extra).isTrue();
            Set<Integer> gpus = pinned.getOrDefault(node.name(), Set.of());
            Set<Integer> devices = new HashSet<>(node.node().gpus().stream().map(GpuDevice::index).toList());
            assertThat(devices).as("case %d: %s", c.number(), node.name()).containsAll(gpus);
            assertThat(Collections.disjoint(gpus, node.gpusInUse()))
                    .as("case %d: %s pinned a GPU in use: %s of %s", c.number(), node.name(), gpus, node.gpusInUse()).isTrue();
        }
    }

    /**
     * How many workers the healthy nodes hold, counting what is free now, or their whole capacity; for
     * a gang of GPU workers, the most that the nodes of one GPU model hold.
     */
    private static long slots(Case c, boolean freeOnly) {
        Resources w = c.request().perWorker();
        boolean byModel = c.request().workers() > 1 && w.gpus() > 0;
        Map<String, Long> byModelSlots = new HashMap<>();
        for (NodeState node : c.cluster().nodes()) {
            if (freeOnly && !node.node().healthy()) {
                continue; // an unhealthy node holds nothing now, but may recover: it counts when idle
            }
            Resources room = freeOnly ? node.free() : node.node().allocatable();
            long n = Math.min(room.cpuMillis() / w.cpuMillis(), room.memoryBytes() / w.memoryBytes());
            if (w.gpus() > 0) {
                n = Math.min(n, room.gpus() / w.gpus());
            }
            byModelSlots.merge(byModel ? node.node().gpuModel().orElse("") : "", n, Long::sum);
        }
        return byModelSlots.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private static String modelOf(Case c, String node) {
        return c.cluster().nodes().stream().filter(n -> n.name().equals(node)).findFirst().orElseThrow().node().gpuModel().orElse("");
    }

    private static Case randomCase(int number, SplittableRandom random) {
        int count = random.nextInt(1, 6);
        List<NodeState> nodes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            nodes.add(randomNode("n" + i, random));
        }
        Resources perWorker = new Resources(250L * random.nextInt(1, 25), 256 * MiB * random.nextInt(1, 65),
                random.nextInt(10) < 4 ? 0 : random.nextInt(1, 5));
        return new Case(number, new ClusterSnapshot(nodes), new PlacementRequest("ml/case-" + number, perWorker, random.nextInt(1, 7)));
    }

    private static NodeState randomNode(String name, SplittableRandom random) {
        int gpus = random.nextInt(0, 9);
        String model = random.nextInt(3) == 0 ? "H100" : "A100";
        List<GpuDevice> devices = new ArrayList<>();
        for (int i = 0; i < gpus; i++) {
            devices.add(new GpuDevice(i, "GPU-" + name + "-" + i, model, 40L << 30, 400));
        }
        Resources capacity = new Resources(500L * random.nextInt(1, 65), 1024 * MiB * random.nextInt(1, 129), gpus);
        Node node = new Node(name, capacity, devices, Map.of(), random.nextInt(10) != 0 ? NodeCondition.READY : NodeCondition.UNSCHEDULABLE);
        Set<Integer> inUse = new HashSet<>();
        for (int i = 0; i < gpus; i++) {
            if (random.nextBoolean()) {
                inUse.add(i);
            }
        }
        Resources allocated = new Resources(random.nextLong(0, capacity.cpuMillis() + 1),
                random.nextLong(0, capacity.memoryBytes() + 1), inUse.size());
        return random.nextInt(4) == 0 ? NodeState.idle(node) : new NodeState(node, allocated, inUse);
    }
}
