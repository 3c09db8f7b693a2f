package dev.lepton.kubernetes.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import dev.lepton.core.node.GpuDevice;
import dev.lepton.core.node.Node;
import dev.lepton.core.node.NodeCondition;
import dev.lepton.core.node.Taint;
import dev.lepton.core.node.Tier;
import dev.lepton.core.resource.Accelerators;
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
    void every_extended_resource_is_an_accelerator_by_its_name_and_kubernetes_own_resources_are_not() {
        Node node = NodeMapping.toLepton(ClusterNodes.node("mixed-1").gpus(2, "NVIDIA-H100-80GB-HBM3", 81559)
                .allocatable("amd.com/gpu", "4").allocatable("pods", "110").allocatable("ephemeral-storage", "100Gi")
                .allocatable("hugepages-2Mi", "0").build());

        assertThat(node.allocatable().accelerators().asMap()).containsExactly(entry("amd.com/gpu", 4), entry("nvidia.com/gpu", 2));
        assertThat(node.allocatable().accelerator("amd.com/gpu")).isEqualTo(4);
        assertThat(node.allocatable().gpus()).as("devices of every name").isEqualTo(6);
    }

    @Test
    void devices_are_numbered_across_names_in_name_order_and_only_nvidia_gpus_read_the_product_label() {
        Node node = NodeMapping.toLepton(ClusterNodes.node("mixed-1").gpus(1, "NVIDIA-H100-80GB-HBM3", 81559)
                .allocatable("amd.com/gpu", "2").build());

        assertThat(node.gpus()).extracting(GpuDevice::index, GpuDevice::resource, GpuDevice::model).containsExactly(
                tuple(0, "amd.com/gpu", "amd.com/gpu"),
                tuple(1, "amd.com/gpu", "amd.com/gpu"),
                tuple(2, "nvidia.com/gpu", "NVIDIA-H100-80GB-HBM3"));
    }

    @Test
    void a_device_plugin_that_counts_in_the_hundreds_offers_no_accelerator_lepton_could_pin() {
        Node node = NodeMapping.toLepton(ClusterNodes.node("rdma-1").allocatable("rdma/hca_shared_devices_a", "1k")
                .allocatable("google.com/tpu", "4").build());

        assertThat(node.allocatable().accelerators()).isEqualTo(Accelerators.of("google.com/tpu", 4));
        assertThat(node.gpus()).hasSize(4);
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
