package dev.lepton.kubernetes.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lepton.kubernetes.ClusterNodes;
import dev.lepton.kubernetes.usage.NodePowerModels.NodeModel;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkerPowerTest {
    private final NodePowerModels models = NodePowerModels.bundled();

    @Test
    void a_node_without_a_profile_is_modelled_from_the_table_by_its_logical_cpus() {
        NodeModel node = models.of(ClusterNodes.node("cpu-1").cpu("8").build());

        // The table's general row, 0.80..3.35 W per logical CPU: 6.4..26.8 W for 8.
        assertThat(WorkerPower.source(node)).isEqualTo("model:tdp-table");
        assertThat(node.logicalCpus()).isEqualTo(8);
        // A quarter of the node's CPUs asked for: a quarter of its idle; one core of eight busy: an eighth of the rest.
        assertThat(WorkerPower.cpuWatts(node, 2_000, 1.0)).isCloseTo(6.4 / 4 + 20.4 / 8, within(1e-9));
        assertThat(WorkerPower.cpuWatts(node, 2_000, 0)).isCloseTo(1.6, within(1e-9));
    }

    @Test
    void a_held_gpu_is_charged_its_maximum_by_the_model_gpu_feature_discovery_labels_it_with() {
        NodeModel sxm = models.of(ClusterNodes.node("gpu-1").cpu("8").gpus(8, "NVIDIA-H100-80GB-HBM3", 81_559).build());
        NodeModel pcie = models.of(ClusterNodes.node("gpu-2").cpu("8").gpus(2, "NVIDIA-H100-PCIe", 81_559).build());

        assertThat(WorkerPower.gpuWatts(sxm, 2)).isCloseTo(2 * 700, within(1e-9));
        assertThat(WorkerPower.gpuWatts(pcie, 1)).isCloseTo(350, within(1e-9));
    }

    @Test
    void an_operator_s_profile_on_the_node_replaces_the_table_and_an_unreadable_one_does_not() {
        NodeModel profiled = models.of(ClusterNodes.node("cpu-1").cpu("8").annotation(NodePowerModels.PROFILE_ANNOTATION, "cpu=40..200").build());
        NodeModel unreadable = models.of(ClusterNodes.node("cpu-2").cpu("8").annotation(NodePowerModels.PROFILE_ANNOTATION, "cpu=200..40").build());

        assertThat(WorkerPower.source(profiled)).isEqualTo("model:profile");
        assertThat(WorkerPower.cpuWatts(profiled, 8_000, 8)).isCloseTo(200, within(1e-9));
        assertThat(WorkerPower.source(unreadable)).isEqualTo("model:tdp-table");
    }

    @Test
    void a_worker_s_energy_is_its_power_over_the_time_since_the_last_reading_and_only_grows() {
        Instant made = Instant.parse("2026-12-05T09:00:00Z");
        WorkerMeter meter = new WorkerMeter(made);

        assertThat(modelled(meter, made.plusSeconds(10), 100)).isCloseTo(1_000, within(1e-9));
        assertThat(modelled(meter, made.plusSeconds(12), 50)).isCloseTo(1_100, within(1e-9));
        assertThat(modelled(meter, made.plusSeconds(11), 50)).as("a reading from before the last").isCloseTo(1_100, within(1e-9));
    }

    private static double modelled(WorkerMeter meter, Instant now, double cpuWatts) {
        return meter.energyUntil(now, cpuWatts, Optional.empty(), 0, Optional.empty()).joules();
    }
}
