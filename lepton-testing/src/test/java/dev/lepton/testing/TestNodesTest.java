package dev.lepton.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.lepton.core.node.GpuDevice;
import dev.lepton.core.node.Node;
import dev.lepton.core.placement.ClusterSnapshot;
import dev.lepton.core.placement.NodeState;
import dev.lepton.core.resource.Accelerators;
import dev.lepton.core.resource.Resources;
import org.junit.jupiter.api.Test;

class TestNodesTest {

    @Test
    void a_built_node_lists_each_gpu_device() {
        Node node = TestNodes.node("n1").cpus(8).memory("32GiB").gpus(4, "H100").unhealthy().label("tier", "edge").build();

        assertThat(node.allocatable()).isEqualTo(new Resources(8_000, 32L << 30, 4));
        assertThat(node.gpus()).extracting(GpuDevice::index).containsExactly(0, 1, 2, 3);
        assertThat(node.gpus()).extracting(GpuDevice::model).containsOnly("H100");
        assertThat(node.gpus().get(2).uuid()).isEqualTo("GPU-n1-2");
        assertThat(node.healthy()).isFalse();
        assertThat(node.labels()).containsEntry("tier", "edge");
    }

    @Test
    void other_accelerators_follow_the_nvidia_gpus_each_device_with_its_resource_name() {
        Node node = TestNodes.node("n1").gpus(2, "H100").accelerators("amd.com/gpu", 2, "MI300X").build();

        assertThat(node.allocatable().accelerators()).isEqualTo(Accelerators.of(java.util.Map.of("nvidia.com/gpu", 2, "amd.com/gpu", 2)));
        assertThat(node.gpus()).extracting(GpuDevice::index, GpuDevice::resource, GpuDevice::model).containsExactly(
                tuple(0, "nvidia.com/gpu", "H100"), tuple(1, "nvidia.com/gpu", "H100"),
                tuple(2, "amd.com/gpu", "MI300X"), tuple(3, "amd.com/gpu", "MI300X"));
    }

    @Test
    void by_default_a_node_is_healthy_with_8_cpus_32GiB_and_no_gpu() {
        Node node = TestNodes.node("n1").build();

        assertThat(node.healthy()).isTrue();
        assertThat(node.allocatable()).isEqualTo(new Resources(8_000, 32L << 30, 0));
    }

    @Test
    void a_snapshot_holds_the_nodes_idle_in_order() {
        ClusterSnapshot cluster = TestNodes.snapshot(TestNodes.node("b").build(), TestNodes.node("a").cpu("500m").build());

        assertThat(cluster.nodes()).extracting(NodeState::name).containsExactly("b", "a");
        assertThat(cluster.nodes()).allSatisfy(n -> assertThat(n.free()).isEqualTo(n.node().allocatable()));
    }

    @Test
    void a_busy_node_has_its_gpus_in_use() {
        Node node = TestNodes.node("n1").gpus(4, "A100").build();

        NodeState busy = TestNodes.busy(node, new Resources(2_000, 1L << 30, 2), 0, 3);

        assertThat(TestNodes.snapshotOf(busy).nodes()).containsExactly(busy);
        assertThat(busy.free()).isEqualTo(new Resources(6_000, 31L << 30, 2));
        assertThat(busy.pickGpus(2)).containsExactly(1, 2);
        assertThatThrownBy(() -> TestNodes.busy(node, new Resources(0, 0, 1))).isInstanceOf(IllegalArgumentException.class);
    }
}
