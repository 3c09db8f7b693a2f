package dev.lepton.slurm.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lepton.core.energy.ComponentReading;
import dev.lepton.node.power.NodePower;
import dev.lepton.slurm.Recorded;
import dev.lepton.slurm.job.TaskResources;
import dev.lepton.slurm.node.SlurmNode;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A task's modelled power on nodes as Slurm describes them, from the bundled table of known hardware. */
class TaskModelsTest {
    private static final TaskModels MODELS = new TaskModels(NodePower.knownHardware());

    private static SlurmNode node(String name) {
        return Recorded.output(SlurmNode.class, "scontrol-show-node-cluster.txt").lines().map(SlurmNode::parse)
                .filter(n -> n.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void a_gpu_task_on_a_node_whose_cpu_slurm_does_not_name_takes_the_tables_unknown_cpu_row_and_its_gpus_board_power() {
        TaskModel model = MODELS.of(node("gpu01"), new TaskResources(4, 0, 1, Optional.of("a100")));

        assertThat(model.source()).isEqualTo(ComponentReading.MODEL_TDP_TABLE);
        assertThat(model.baseWatts()).as("4 of 128 CPUs idle at 0.80 W each, and one A100 SXM4 at 400 W").isCloseTo(0.80 * 4 + 400, within(1e-9));
        assertThat(model.wattsPerBusyCpu()).as("3.35 W − 0.80 W per logical CPU").isCloseTo(2.55, within(1e-9));
        assertThat(model.why()).startsWith("gpu01: ").contains("128 logical CPUs").contains("A100");
    }

    @Test
    void a_node_feature_that_names_its_cpu_picks_the_cpus_row() {
        SlurmNode node = SlurmNode.parse("NodeName=c1 CPUTot=64 CPUEfctv=64 RealMemory=1000 State=IDLE ActiveFeatures=ib,EPYC_7763 Partitions=main");

        TaskModel model = MODELS.of(node, new TaskResources(8, 0, 0, Optional.empty()));

        assertThat(model.baseWatts()).as("Milan: 0.45 W idle per logical CPU").isCloseTo(0.45 * 8, within(1e-9));
        assertThat(model.wattsPerBusyCpu()).isCloseTo(1.87 - 0.45, within(1e-9));
        assertThat(model.why()).contains("Milan");
    }

    @Test
    void a_tasks_energy_is_its_base_power_over_the_time_and_each_busy_cpu_second_above_idle() {
        TaskModel model = new TaskModel(10, 5, ComponentReading.MODEL_TDP_TABLE, "test");

        assertThat(model.joules(Duration.ofSeconds(10), 4)).isCloseTo(10 * 10 + 5 * 4, within(1e-9));
        assertThat(model.joules(Duration.ofSeconds(-1), -3)).as("nothing below zero").isZero();
    }
}
