package dev.lepton.core.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.resource.Resources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EnergyAttributionTest {
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);
    private static final long GIB = 1L << 30;
    private static final Resources NODE = new Resources(8_000, 64 * GIB, 4);
    private static final AttemptId A = new AttemptId("train-a", 1, 0);
    private static final AttemptId B = new AttemptId("train-b", 1, 0);
    private static final AttemptId C = new AttemptId("serve-c", 1, 0);

    private final EnergyAttribution byAllocation = new EnergyAttribution(IdlePolicy.BY_ALLOCATION);
    private final EnergyAttribution unattributed = new EnergyAttribution(IdlePolicy.UNATTRIBUTED);

    static ComponentPower power(ComponentKind kind, int index, double watts, double idleWatts) {
        return new ComponentPower(new ComponentReading(kind, index, watts, TEN_SECONDS, Provenance.MEASURED, "test"), idleWatts);
    }

    static AttemptActivity activity(AttemptId id, int cpuMillis, long memoryGib, double cpuSeconds, Map<Integer, Double> gpus) {
        return new AttemptActivity(id, new Resources(cpuMillis, memoryGib * GIB, gpus.size()), cpuSeconds, gpus);
    }

    static NodeInterval interval(double nodeCpuSeconds, List<ComponentPower> components, AttemptActivity... attempts) {
        return new NodeInterval(TEN_SECONDS, components, NODE, nodeCpuSeconds, List.of(attempts));
    }

    @Test
    void an_exclusive_gpu_is_wholly_its_holders_idle_or_busy_and_a_gpu_nobody_holds_is_idle() {
        Attribution split = byAllocation.attribute(interval(0, List.of(power(ComponentKind.GPU, 0, 70, 60), power(ComponentKind.GPU, 1, 300, 60)),
                activity(A, 1000, 4, 0, Map.of(0, 0.0))));

        assertThat(split.of(A).gpu()).isCloseTo(700, within(1e-9));
        assertThat(split.idle().gpu()).isCloseTo(3000, within(1e-9));
        assertThat(split.node().gpu()).isCloseTo(3700, within(1e-9));
    }

    @Test
    void a_shared_gpu_is_split_by_its_holders_weights_or_equally_when_none_has_one() {
        List<ComponentPower> gpu = List.of(power(ComponentKind.GPU, 2, 300, 60));

        Attribution weighted = byAllocation.attribute(interval(0, gpu, activity(B, 1000, 4, 0, Map.of(2, 3000.0)),
                activity(C, 1000, 4, 0, Map.of(2, 1000.0))));
        assertThat(weighted.of(B).gpu()).isCloseTo(2250, within(1e-9));
        assertThat(weighted.of(C).gpu()).isCloseTo(750, within(1e-9));

        Attribution unweighted = byAllocation.attribute(interval(0, gpu, activity(B, 1000, 4, 0, Map.of(2, 0.0)),
                activity(C, 1000, 4, 0, Map.of(2, 0.0))));
        assertThat(unweighted.of(B).gpu()).isCloseTo(1500, within(1e-9));
        assertThat(unweighted.of(C).gpu()).isCloseTo(1500, within(1e-9));
    }

    @Test
    void active_cpu_power_follows_cpu_time_and_the_share_of_other_processes_is_system() {
        // 100 W with 40 W idle: 600 J active over 10 s. The node was busy 20 CPU-seconds, A used 12 and B 4.
        List<ComponentPower> cpu = List.of(power(ComponentKind.CPU_PACKAGE, 0, 100, 40));

        Attribution split = unattributed.attribute(interval(20, cpu, activity(A, 2000, 8, 12, Map.of()), activity(B, 2000, 8, 4, Map.of())));

        assertThat(split.of(A).cpuPackage()).isCloseTo(360, within(1e-9));
        assertThat(split.of(B).cpuPackage()).isCloseTo(120, within(1e-9));
        assertThat(split.system().cpuPackage()).isCloseTo(120, within(1e-9));
        assertThat(split.idle().cpuPackage()).isCloseTo(400, within(1e-9));
    }

    @Test
    void idle_cpu_power_follows_the_allocation_share_of_capacity_and_the_unallocated_rest_stays_idle() {
        List<ComponentPower> cpu = List.of(power(ComponentKind.CPU_PACKAGE, 0, 100, 40));

        Attribution split = byAllocation.attribute(interval(16, cpu, activity(A, 2000, 8, 12, Map.of()), activity(B, 4000, 8, 4, Map.of())));

        // 400 J idle: A holds 2 of 8 cores, B 4 of 8; 2 cores are free.
        assertThat(split.of(A).cpuPackage()).isCloseTo(450 + 100, within(1e-9));
        assertThat(split.of(B).cpuPackage()).isCloseTo(150 + 200, within(1e-9));
        assertThat(split.idle().cpuPackage()).isCloseTo(100, within(1e-9));
        assertThat(split.system().cpuPackage()).isCloseTo(0, within(1e-9));
    }

    @Test
    void dram_idle_follows_allocated_memory_and_its_active_part_cpu_time() {
        List<ComponentPower> dram = List.of(power(ComponentKind.DRAM, 0, 12, 8));

        Attribution split = byAllocation.attribute(interval(10, dram, activity(A, 1000, 32, 10, Map.of()), activity(B, 7000, 16, 0, Map.of())));

        assertThat(split.of(A).dram()).isCloseTo(40 + 40, within(1e-9));
        assertThat(split.of(B).dram()).isCloseTo(20, within(1e-9));
        assertThat(split.idle().dram()).isCloseTo(20, within(1e-9));
    }

    @Test
    void a_package_drawing_less_than_its_idle_baseline_is_all_idle() {
        Attribution split = unattributed.attribute(interval(10, List.of(power(ComponentKind.CPU_PACKAGE, 0, 30, 40)),
                activity(A, 1000, 1, 10, Map.of())));

        assertThat(split.of(A).cpuPackage()).isZero();
        assertThat(split.idle().cpuPackage()).isCloseTo(300, within(1e-9));
    }

    @Test
    void attempts_that_used_more_cpu_time_than_the_node_reported_split_all_of_the_active_power() {
        Attribution split = unattributed.attribute(interval(5, List.of(power(ComponentKind.CPU_PACKAGE, 0, 100, 0)),
                activity(A, 1000, 1, 6, Map.of()), activity(B, 1000, 1, 2, Map.of())));

        assertThat(split.of(A).cpuPackage()).isCloseTo(750, within(1e-9));
        assertThat(split.of(B).cpuPackage()).isCloseTo(250, within(1e-9));
        assertThat(split.system().cpuPackage()).isZero();
    }

    @Test
    void a_node_with_nothing_running_is_all_idle_and_system() {
        Attribution split = byAllocation.attribute(interval(3, List.of(power(ComponentKind.CPU_PACKAGE, 0, 50, 20),
                power(ComponentKind.DRAM, 0, 5, 5), power(ComponentKind.GPU, 0, 60, 60))));

        assertThat(split.attempts()).isEmpty();
        assertThat(split.idle()).isEqualTo(new ComponentJoules(200, 50, 600));
        assertThat(split.system()).isEqualTo(new ComponentJoules(300, 0, 0));
    }

    @Test
    void provenance_is_modelled_for_a_kind_if_any_of_its_readings_was() {
        ComponentPower measured = power(ComponentKind.GPU, 0, 100, 0);
        ComponentPower modelled = new ComponentPower(new ComponentReading(ComponentKind.GPU, 1, 100, TEN_SECONDS, Provenance.MODELLED,
                ComponentReading.MODEL_TDP_TABLE), 0);

        Attribution split = byAllocation.attribute(interval(0, List.of(measured, modelled, power(ComponentKind.CPU_PACKAGE, 0, 10, 0))));

        assertThat(split.provenance()).containsEntry(ComponentKind.GPU, Provenance.MODELLED)
                .containsEntry(ComponentKind.CPU_PACKAGE, Provenance.MEASURED).doesNotContainKey(ComponentKind.DRAM);
    }

    /** Thousands of random nodes and loads from a fixed seed: the parts always add up to the node, under either policy. */
    @Test
    void the_parts_always_add_up_to_the_node() {
        SplittableRandom random = new SplittableRandom(0xE4E7);
        for (int n = 0; n < 5_000; n++) {
            List<ComponentPower> components = new ArrayList<>();
            components.add(power(ComponentKind.CPU_PACKAGE, 0, random.nextDouble(0, 400), random.nextDouble(0, 200)));
            components.add(power(ComponentKind.DRAM, 0, random.nextDouble(0, 40), random.nextDouble(0, 40)));
            int gpus = random.nextInt(5);
            for (int g = 0; g < gpus; g++) {
                components.add(power(ComponentKind.GPU, g, random.nextDouble(0, 700), 0));
            }
            List<AttemptActivity> attempts = new ArrayList<>();
            int count = random.nextInt(6);
            for (int a = 0; a < count; a++) {
                Map<Integer, Double> held = gpus == 0 || random.nextBoolean() ? Map.of() : Map.of(random.nextInt(gpus), random.nextDouble(0, 2));
                attempts.add(new AttemptActivity(new AttemptId("j" + a, 1, 0), new Resources(random.nextLong(0, 4000),
                        random.nextLong(0, 32 * GIB), held.size()), random.nextDouble(0, 40), held));
            }
            NodeInterval interval = new NodeInterval(TEN_SECONDS, components, NODE, random.nextDouble(0, 80), attempts);
            for (EnergyAttribution attribution : List.of(byAllocation, unattributed)) {
                Attribution split = attribution.attribute(interval);
                double whole = components.stream().mapToDouble(c -> c.reading().joules()).sum();
                double parts = split.unattributed().total() + split.attempts().values().stream().mapToDouble(ComponentJoules::total).sum();
                assertThat(parts).as("case %d", n).isCloseTo(whole, within(1e-6 * Math.max(1, whole)));
                assertThat(split.node().total()).as("case %d", n).isCloseTo(whole, within(1e-6 * Math.max(1, whole)));
            }
        }
    }
}
