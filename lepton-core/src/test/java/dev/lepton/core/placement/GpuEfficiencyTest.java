package dev.lepton.core.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GpuEfficiencyTest {
    private static double perWatt(String model, double watts) {
        return GpuEfficiency.tflopsPerWatt(model, watts).orElseThrow();
    }

    @Test
    void models_are_read_as_nvidia_smi_reports_them_or_as_a_cluster_file_names_them() {
        assertThat(perWatt("NVIDIA H100 80GB HBM3", 700)).isCloseTo(989 / 700.0, within(1e-9));
        assertThat(perWatt("H100", 700)).isCloseTo(989 / 700.0, within(1e-9));
        assertThat(perWatt("NVIDIA A100-SXM4-40GB", 400)).isCloseTo(312 / 400.0, within(1e-9));
        assertThat(perWatt("Tesla T4", 70)).isCloseTo(65 / 70.0, within(1e-9));
        assertThat(perWatt("NVIDIA GeForce RTX 2080 Ti", 250)).isCloseTo(53.8 / 250, within(1e-9));
        assertThat(perWatt("RTX2080Ti", 250)).isCloseTo(53.8 / 250, within(1e-9));
        assertThat(perWatt("Quadro RTX 6000", 295)).isCloseTo(130.5 / 295, within(1e-9));
    }

    @Test
    void a_variant_is_not_read_as_its_family_nor_a_family_as_a_longer_name() {
        assertThat(perWatt("NVIDIA H100 PCIe", 350)).isCloseTo(756 / 350.0, within(1e-9));
        assertThat(perWatt("NVIDIA L40S", 350)).isCloseTo(362 / 350.0, within(1e-9));
        assertThat(perWatt("NVIDIA L4", 72)).isCloseTo(121 / 72.0, within(1e-9));
        assertThat(perWatt("NVIDIA A10", 150)).isCloseTo(125 / 150.0, within(1e-9));
        assertThat(GpuEfficiency.tflopsPerWatt("NVIDIA A10G", 300)).as("not an A10").isEmpty();
        assertThat(GpuEfficiency.tflopsPerWatt("NVIDIA RTX 6000 Ada Generation", 300)).as("not a Quadro RTX 6000").isEmpty();
    }

    @Test
    void the_devices_power_limit_counts_and_the_datasheet_stands_in_when_it_reports_none() {
        assertThat(perWatt("NVIDIA H100 80GB HBM3", 350)).as("capped at half power").isCloseTo(989 / 350.0, within(1e-9));
        assertThat(perWatt("Tesla V100-SXM2-16GB", 0)).isCloseTo(125 / 300.0, within(1e-9));
    }

    @Test
    void the_energy_scorer_prefers_more_work_per_watt_and_is_neutral_on_a_model_it_does_not_know() {
        PlacementRequest oneGpu = new PlacementRequest("j", new dev.lepton.core.resource.Resources(1_000, 0, 1), 1);
        double h100 = Scorers.ENERGY.score(NodeState.idle(PlacementTest.gpuNode("h", "NVIDIA H100 80GB HBM3", 8)), oneGpu);
        double v100 = Scorers.ENERGY.score(NodeState.idle(PlacementTest.gpuNode("v", "Tesla V100-SXM2-16GB", 8)), oneGpu);
        double unknown = Scorers.ENERGY.score(NodeState.idle(PlacementTest.gpuNode("x", "Acme X1", 8)), oneGpu);

        assertThat(h100).isGreaterThan(v100);
        assertThat(unknown).isEqualTo(0.5);
    }
}
