package dev.lepton.kubernetes.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.node.GpuDevice;
import dev.lepton.core.node.Node;
import dev.lepton.core.node.NodeCondition;
import dev.lepton.core.node.Taint;
import dev.lepton.core.node.Tier;
import dev.lepton.core.resource.Resources;
import dev.lepton.kubernetes.ClusterNodes;
import org.junit.jupiter.api.Test;

/** A Node object as Lepton sees it. */
class NodeMappingTest {
    @Test
    void a_gpu_node_offers_its_allocatable_cpu_memory_and_nvidia_gpus_with_their_model_and_memory() {
        Node node = NodeMapping.toLepton(ClusterNodes.node("gpu-1").cpu("63900m").memory("503Gi").gpus(8, "NVIDIA-H100-80GB-HBM3", 81559)
                .label(NodeMapping.REGION_LABEL, "eu-north").build());

        assertThat(node.name()).isEqualTo("gpu-1");
        assertThat(node.allocatable()).isEqualTo(new Resources(63_900, 503L << 30, 8));
        assertThat(node.gpus()).hasSize(8).extracting(GpuDevice::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(node.gpus()).allSatisfy(g -> {
            assertThat(g.model()).isEqualTo("NVIDIA-H100-80GB-HBM3");
            assertThat(g.memoryBytes()).isEqualTo(81_559L << 20);
        });
        assertThat(node.gpuModel()).contains("NVIDIA-H100-80GB-HBM3");
        assertThat(node.region()).isEqualTo("eu-north");
        assertThat(node.tier()).isEqualTo(Tier.DATACENTER);
        assertThat(node.pricePerHour()).isZero();
        assertThat(node.labels()).containsEntry("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3");
        assertThat(node.healthy()).isTrue();
    }

    @Test
    void a_cpu_node_has_no_gpus_and_the_default_region_and_fractional_cpus_round_down() {
        Node node = NodeMapping.toLepton(ClusterNodes.node("cpu-1").cpu("3.5").memory("1500M").build());

        assertThat(node.allocatable()).isEqualTo(new Resources(3_500, 1_500_000_000L, 0));
        assertThat(node.gpus()).isEmpty();
        assertThat(node.region()).isEqualTo(Node.DEFAULT_REGION);
    }

    @Test
    void other_accelerators_are_not_lepton_gpus() {
        Node node = NodeMapping.toLepton(ClusterNodes.node("amd-1").allocatable("amd.com/gpu", "4").build());

        assertThat(node.allocatable().gpus()).isZero();
    }

    @Test
    void hard_taints_are_lepton_taints_and_soft_or_lifecycle_ones_are_not() {
        Node node = NodeMapping.toLepton(ClusterNodes.node("t").taint("dedicated", "vision", "NoSchedule")
                .taint("nvidia.com/gpu", "present", "NoExecute").taint("spot", "true", "PreferNoSchedule")
                .taint("node.kubernetes.io/not-ready", null, "NoExecute").taint("gpu-only", null, "NoSchedule").build());

        assertThat(node.taints()).containsExactlyInAnyOrder(new Taint("dedicated", "vision"), new Taint("nvidia.com/gpu", "present"),
                new Taint("gpu-only", ""));
    }

    @Test
    void a_node_not_ready_is_down_and_one_cordoned_or_under_pressure_is_unschedulable() {
        assertThat(condition(ClusterNodes.node("a").ready(false).build())).isEqualTo(NodeCondition.DOWN);
        assertThat(condition(ClusterNodes.node("a2").ready(false).cordoned().build())).isEqualTo(NodeCondition.DOWN);
        assertThat(condition(ClusterNodes.node("b").condition("MemoryPressure", true).build())).isEqualTo(NodeCondition.UNSCHEDULABLE);
        assertThat(condition(ClusterNodes.node("c").condition("DiskPressure", true).build())).isEqualTo(NodeCondition.UNSCHEDULABLE);
        assertThat(condition(ClusterNodes.node("d").condition("PIDPressure", true).build())).isEqualTo(NodeCondition.UNSCHEDULABLE);
        assertThat(condition(ClusterNodes.node("e").cordoned().build())).isEqualTo(NodeCondition.UNSCHEDULABLE);
        assertThat(condition(ClusterNodes.node("f").condition("MemoryPressure", false).build())).isEqualTo(NodeCondition.READY);
    }

    private static NodeCondition condition(io.fabric8.kubernetes.api.model.Node node) {
        return NodeMapping.toLepton(node).condition();
    }
}
