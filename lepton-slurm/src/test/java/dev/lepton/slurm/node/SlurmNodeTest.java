package dev.lepton.slurm.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.node.Node;
import dev.lepton.core.resource.Resources;
import dev.lepton.slurm.Recorded;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** scontrol show node -o, recorded here (one node, no GPUs) and in a cluster of GPU and CPU nodes in Slurm's documented format. */
class SlurmNodeTest {
    private static final long MIB = 1024L * 1024;

    private static List<SlurmNode> cluster() {
        return SlurmNodes.lines(Recorded.output(SlurmNodeTest.class, "scontrol-show-node-cluster.txt")).stream().map(SlurmNode::parse).toList();
    }

    private static SlurmNode node(String name) {
        return cluster().stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void a_gpu_node_in_use_has_its_cpus_memory_gpus_model_features_and_allocation() {
        SlurmNode gpu01 = node("gpu01");

        assertThat(gpu01.cpus()).isEqualTo(128);
        assertThat(gpu01.memoryBytes()).isEqualTo(1_031_000 * MIB);
        assertThat(gpu01.gpus()).isEqualTo(4);
        assertThat(gpu01.gpuModel()).contains("a100");
        assertThat(gpu01.state().acceptsJobs()).isTrue();
        assertThat(gpu01.partitions()).containsExactly("gpu", "all");
        assertThat(gpu01.features()).containsExactlyInAnyOrder("a100", "ib", "nvlink");
        assertThat(gpu01.allocatedCpus()).isEqualTo(24);
        assertThat(gpu01.allocatedMemoryBytes()).isEqualTo(262_144 * MIB);
        assertThat(gpu01.allocatedGpus()).isEqualTo(2);
        assertThat(gpu01.reason()).isEmpty();
    }

    @Test
    void a_drained_node_with_two_gpu_types_counts_them_all_and_keeps_the_reason() {
        SlurmNode gpu02 = node("gpu02");

        assertThat(gpu02.gpus()).isEqualTo(3);
        assertThat(gpu02.gpuModel()).contains("v100");
        assertThat(gpu02.gres()).extracting(SlurmGres::name).containsExactly("gpu", "gpu", "mps");
        assertThat(gpu02.state().acceptsJobs()).isFalse();
        assertThat(gpu02.reason()).contains("replace fan 3 [admin@2024-05-01T08:00:00]");
    }

    @Test
    void an_untyped_gpu_node_that_does_not_respond() {
        SlurmNode gpu03 = node("gpu03");

        assertThat(gpu03.gpus()).isEqualTo(8);
        assertThat(gpu03.gpuModel()).isEmpty();
        assertThat(gpu03.state().flags()).contains("NOT_RESPONDING");
        assertThat(gpu03.state().acceptsJobs()).isFalse();
    }

    @Test
    void effective_cpus_leave_out_the_cores_slurm_keeps_for_itself() {
        SlurmNode cpu01 = node("cpu01");

        assertThat(cpu01.cpus()).isEqualTo(62);
        assertThat(cpu01.gpus()).isZero();
        assertThat(cpu01.features()).isEmpty();
        assertThat(node("cpu02").state().acceptsJobs()).isFalse();
    }

    @Test
    void the_node_of_this_machine_as_recorded() {
        List<SlurmNode> here = SlurmNodes.lines(Recorded.output(SlurmNodeTest.class, "scontrol-show-node-here.txt")).stream().map(SlurmNode::parse).toList();

        assertThat(here).singleElement().satisfies(vm -> {
            assertThat(vm.name()).isEqualTo("vm");
            assertThat(vm.cpus()).isEqualTo(2);
            assertThat(vm.memoryBytes()).isEqualTo(24105 * MIB);
            assertThat(vm.gres()).isEmpty();
            assertThat(vm.partitions()).containsExactly("main");
            assertThat(vm.state().acceptsJobs()).isTrue();
        });
    }

    @Test
    void as_a_lepton_node_gpus_are_listed_one_by_one_and_features_become_labels() {
        Node node = node("gpu01").asNode("gpu");

        assertThat(node.name()).isEqualTo("gpu01");
        assertThat(node.allocatable()).isEqualTo(new Resources(128_000, 1_031_000 * MIB, 4));
        assertThat(node.gpus()).extracting(g -> g.index() + ":" + g.model()).containsExactly("0:a100", "1:a100", "2:a100", "3:a100");
        assertThat(node.gpus().getFirst().uuid()).isEqualTo("slurm:gpu01:gpu0");
        assertThat(node.allocatable().accelerators().asMap()).as("GRES gpu is nvidia.com/gpu").containsExactly(Map.entry("nvidia.com/gpu", 4));
        assertThat(node.gpus()).extracting(g -> g.resource()).containsOnly("nvidia.com/gpu");
        assertThat(node.labels()).isEqualTo(Map.of("slurm.feature/a100", "true", "slurm.feature/ib", "true", "slurm.feature/nvlink", "true",
                "slurm.partition", "gpu"));
        assertThat(node.healthy()).isTrue();
        assertThat(node("gpu02").asNode("gpu").healthy()).isFalse();
        assertThat(node("gpu03").asNode("gpu").gpuModel()).contains("gpu");
    }

    @Test
    void a_node_of_two_gpu_types_lists_each_device_with_its_own_model() {
        SlurmNode mixed = new SlurmNode("n", 8, MIB, List.of(new SlurmGres("gpu", Optional.of("v100"), 1), new SlurmGres("gpu", Optional.of("t4"), 1)),
                SlurmNodeState.parse("IDLE"), List.of("p"), Set.of(), 0, 0, 0, Optional.empty());

        assertThat(mixed.asNode("p").gpus()).extracting(g -> g.model()).containsExactly("v100", "t4");
    }

    @Test
    void a_node_of_several_gres_offers_each_mapped_one_under_its_resource_and_the_rest_not_at_all() {
        SlurmNode node = SlurmNode.parse("NodeName=mix01 Arch=x86_64 CoresPerSocket=32 CPUAlloc=0 CPUEfctv=64 CPUTot=64 CPULoad=0.10"
                + " AvailableFeatures=(null) ActiveFeatures=(null) Gres=gpu:h100:2(S:0),gpu:mi300x:4(S:1),gaudi:2,mps:200,shard:8"
                + " NodeAddr=mix01 NodeHostName=mix01 RealMemory=515000 AllocMem=0 FreeMem=500000 Sockets=2 Boards=1 State=IDLE"
                + " ThreadsPerCore=1 TmpDisk=0 Weight=1 Owner=N/A MCS_label=N/A Partitions=all CfgTRES=cpu=64,mem=515000M,billing=64,gres/gpu=6"
                + " AllocTRES=");
        SlurmGresMap map = SlurmGresMap.parse(List.of("gpu:mi300x=amd.com/gpu", "gaudi=habana.ai/gaudi"));

        assertThat(node.gres()).extracting(g -> g.name() + g.type().map(t -> ":" + t).orElse("") + "=" + g.count())
                .containsExactly("gpu:h100=2", "gpu:mi300x=4", "gaudi=2", "mps=200", "shard=8");
        Node lepton = node.asNode("all", map);
        assertThat(lepton.allocatable().accelerators().asMap())
                .containsExactly(Map.entry("amd.com/gpu", 4), Map.entry("habana.ai/gaudi", 2), Map.entry("nvidia.com/gpu", 2));
        assertThat(lepton.gpus()).extracting(g -> g.index() + ":" + g.model() + ":" + g.resource()).containsExactly(
                "0:h100:nvidia.com/gpu", "1:h100:nvidia.com/gpu",
                "2:mi300x:amd.com/gpu", "3:mi300x:amd.com/gpu", "4:mi300x:amd.com/gpu", "5:mi300x:amd.com/gpu",
                "6:gaudi:habana.ai/gaudi", "7:gaudi:habana.ai/gaudi");
        assertThat(lepton.gpus().get(6).uuid()).isEqualTo("slurm:mix01:gaudi6");
        assertThat(node.asNode("all").allocatable().accelerators().asMap()).as("by default GRES gpu of every type is nvidia.com/gpu")
                .containsExactly(Map.entry("nvidia.com/gpu", 6));
    }

    @Test
    void a_gres_that_would_take_a_node_past_64_devices_is_left_out() {
        SlurmNode node = new SlurmNode("n", 8, MIB, List.of(new SlurmGres("gpu", Optional.empty(), 8), new SlurmGres("tpu", Optional.empty(), 64)),
                SlurmNodeState.parse("IDLE"), List.of("p"), Set.of(), 0, 0, 0, Optional.empty());

        assertThat(node.asNode("p", SlurmGresMap.parse(List.of("tpu=google.com/tpu"))).allocatable().accelerators().asMap())
                .containsExactly(Map.entry("nvidia.com/gpu", 8));
    }
}
