package dev.lepton.slurm.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.slurm.FakeSlurmCli;
import dev.lepton.slurm.Recorded;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SlurmNodesTest {
    private static final String PARTITIONS = Recorded.output(SlurmNodesTest.class, "scontrol-show-partition-cluster.txt");
    private static final String NODES = Recorded.output(SlurmNodesTest.class, "scontrol-show-node-cluster.txt");

    private final FakeSlurmCli cli = new FakeSlurmCli()
            .answer("scontrol --all show partition gpu --oneliner", PARTITIONS.lines().filter(l -> l.startsWith("PartitionName=gpu ")).findFirst().orElseThrow())
            .answer("scontrol --all show partition --oneliner", PARTITIONS)
            .fail("scontrol --all show partition nope", 1, "Partition nope not found\n")
            .answer("scontrol --all show node --oneliner", NODES);

    @Test
    void the_configured_partition_and_its_nodes() {
        SlurmNodes nodes = new SlurmNodes(cli);

        SlurmPartition gpu = nodes.partition("gpu");

        assertThat(gpu.nodes()).isEqualTo("gpu[01-03]");
        assertThat(gpu.isUp()).isTrue();
        assertThat(gpu.maxTime()).contains(Duration.ofDays(2));
        assertThat(nodes.nodes(gpu)).extracting(SlurmNode::name).containsExactly("gpu01", "gpu02", "gpu03");
    }

    @Test
    void a_partition_that_does_not_exist_is_a_one_line_error_naming_the_setting_and_those_there_are() {
        assertThatThrownBy(() -> new SlurmNodes(cli).partition("nope"))
                .isInstanceOfSatisfying(LeptonException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage("--slurm-partition: Slurm has no partition 'nope' (it has: gpu, cpu, all)");
    }

    @Test
    void a_name_slurm_would_read_as_several_is_refused_the_same_way_without_asking_for_it() {
        assertThatThrownBy(() -> new SlurmNodes(cli).partition("gpu,cpu")).hasMessageStartingWith("--slurm-partition: Slurm has no partition 'gpu,cpu'");
        assertThat(cli.commands()).containsExactly("scontrol --all show partition --oneliner");
    }

    @Test
    void a_controller_that_does_not_answer_is_unavailable_not_a_missing_partition() {
        FakeSlurmCli down = new FakeSlurmCli().fail("scontrol", 1, "slurm_load_partitions: Unable to contact slurm controller (connect failure)\n");

        assertThatThrownBy(() -> new SlurmNodes(down).partition("gpu"))
                .isInstanceOfSatisfying(LeptonException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessageContaining("Unable to contact slurm controller");
    }

    @Test
    void hidden_and_drained_partitions_parse_too() {
        SlurmPartition all = SlurmPartition.parse(PARTITIONS.lines().filter(l -> l.startsWith("PartitionName=all ")).findFirst().orElseThrow());

        assertThat(all.isUp()).isFalse();
        assertThat(all.maxTime()).contains(Duration.ofHours(12));
        assertThat(SlurmPartition.parse(PARTITIONS.lines().filter(l -> l.startsWith("PartitionName=cpu ")).findFirst().orElseThrow()).isDefault()).isTrue();
    }
}
