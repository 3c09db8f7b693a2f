package dev.lepton.slurm.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lepton.core.energy.ComponentReading;
import dev.lepton.core.energy.WorkerEnergy;
import dev.lepton.core.energy.Provenance;
import dev.lepton.slurm.job.SlurmUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A gang's energy as its samples come, and the figure each task settles at once its job has ended:
 * measured by a plugin and settled by {@code sacct}, measured and settled by the model without it, or
 * modelled throughout. The model: 10 W whatever the task does, 5 W more per busy CPU.
 */
class GangEnergyTest {
    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
    private static final String RAPL = "acct_gather_energy/rapl";
    private static final Optional<TaskModel> MODEL = Optional.of(new TaskModel(10, 5, ComponentReading.MODEL_TDP_TABLE, "test"));

    private static Optional<SlurmUsage> used(double cpuSeconds, double stepJoules) {
        return Optional.of(new SlurmUsage(Duration.ofMillis((long) (cpuSeconds * 1000)), 1 << 20,
                stepJoules > 0 ? OptionalDouble.of(stepJoules) : OptionalDouble.empty()));
    }

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void where_a_plugin_measures_the_node_each_task_has_its_share_of_its_steps_node_figure() {
        GangEnergy gang = new GangEnergy(Optional.of(RAPL), 2, Set.of(0, 1));
        gang.sample(0, at(0), used(0, 0), MODEL);
        assertThat(gang.running(0)).as("no figure from the plugin yet").isEmpty();

        gang.sample(0, at(10), used(10, 3_000), MODEL);
        gang.sample(1, at(10), used(1, 2_900), MODEL);

        assertThat(gang.running(0)).contains(new WorkerEnergy(1_500, "slurm:" + RAPL));
        assertThat(gang.running(1)).contains(new WorkerEnergy(1_450, "slurm:" + RAPL));
    }

    @Test
    void sacct_settles_what_the_last_samples_missed_shared_equally_and_measured() {
        GangEnergy gang = new GangEnergy(Optional.of(RAPL), 1, Set.of(0, 1));
        gang.sample(0, at(10), used(10, 300), MODEL);
        gang.sample(1, at(10), used(10, 400), MODEL);
        gang.end(0, at(12));
        gang.end(1, at(12));

        Map<Integer, WorkerEnergy> settled = gang.settle(OptionalDouble.of(1_000));

        assertThat(settled).containsOnly(Map.entry(0, new WorkerEnergy(450, "slurm:" + RAPL)),
                Map.entry(1, new WorkerEnergy(550, "slurm:" + RAPL)));
    }

    @Test
    void the_rest_is_the_jobs_energy_beyond_the_last_figures_and_never_takes_any_away() {
        assertThat(GangEnergy.settled(1_000, Map.of(0, 300.0, 1, 400.0))).containsOnly(Map.entry(0, 450.0), Map.entry(1, 550.0));
        assertThat(GangEnergy.settled(600, Map.of(0, 300.0, 1, 400.0))).as("the steps' node figures overlap the job's edges")
                .containsOnly(Map.entry(0, 300.0), Map.entry(1, 400.0));
        assertThat(GangEnergy.settled(900, Map.of(0, 0.0, 1, 600.0))).as("a task never measured gets its share of the rest")
                .containsOnly(Map.entry(0, 150.0), Map.entry(1, 750.0));
    }

    @Test
    void without_sacct_what_came_after_a_measured_tasks_last_sample_is_modelled_at_its_last_cpu_use() {
        GangEnergy gang = new GangEnergy(Optional.of(RAPL), 1, Set.of(0));
        gang.sample(0, at(0), used(0, 100), MODEL);
        gang.sample(0, at(10), used(10, 600), MODEL);
        gang.end(0, at(14));

        WorkerEnergy settled = gang.settle(OptionalDouble.empty()).get(0);

        assertThat(settled.provenance()).isEqualTo(Provenance.MODELLED);
        assertThat(settled.source()).isEqualTo(ComponentReading.MODEL_TDP_TABLE);
        assertThat(settled.joules()).as("600 J measured, then 4 s at one busy CPU: 4 × (10 + 5)").isCloseTo(600 + 60, within(1e-9));
    }

    @Test
    void a_plugin_that_never_gave_a_figure_leaves_the_whole_task_to_the_model() {
        GangEnergy gang = new GangEnergy(Optional.of(RAPL), 1, Set.of(0));
        gang.sample(0, at(0), used(0, 0), MODEL);
        gang.sample(0, at(10), used(5, 0), MODEL);
        gang.end(0, at(10));

        assertThat(gang.settle(OptionalDouble.empty()).get(0)).isEqualTo(WorkerEnergy.modelled(10 * 10 + 5 * 5, ComponentReading.MODEL_TDP_TABLE));
    }

    @Test
    void where_nothing_measures_the_node_a_busy_task_draws_more_than_a_sleeping_one_sample_by_sample() {
        GangEnergy gang = new GangEnergy(Optional.empty(), 2, Set.of(0, 1));
        gang.sample(0, at(0), used(0, 0), MODEL);
        gang.sample(1, at(0), used(0, 0), MODEL);
        gang.sample(0, at(10), used(10, 0), MODEL);
        gang.sample(1, at(10), used(0.1, 0), MODEL);

        assertThat(gang.running(0)).contains(WorkerEnergy.modelled(150, ComponentReading.MODEL_TDP_TABLE));
        assertThat(gang.running(1).orElseThrow().joules()).isCloseTo(100.5, within(1e-9));

        gang.sample(0, at(20), Optional.empty(), MODEL);
        assertThat(gang.running(0).orElseThrow().joules()).as("sstat had nothing: time counts, CPU comes with the next figure").isCloseTo(250, within(1e-9));
        gang.sample(0, at(30), used(30, 0), MODEL);
        assertThat(gang.running(0).orElseThrow().joules()).isCloseTo(450, within(1e-9));
    }

    @Test
    void an_ended_task_has_no_running_figure_and_a_task_never_seen_running_settles_at_nothing_without_sacct() {
        GangEnergy gang = new GangEnergy(Optional.empty(), 1, Set.of(0, 1));
        gang.sample(0, at(0), used(0, 0), MODEL);
        gang.sample(0, at(10), used(10, 0), MODEL);
        gang.end(0, at(10));
        gang.end(1, at(10));

        assertThat(gang.running(0)).isEmpty();
        gang.sample(0, at(20), used(20, 0), MODEL);
        assertThat(gang.settle(OptionalDouble.of(5_000))).as("sacct has nothing where nothing measures the nodes")
                .containsOnly(Map.entry(0, WorkerEnergy.modelled(150, ComponentReading.MODEL_TDP_TABLE)));
    }

    @Test
    void without_a_model_of_its_node_a_task_has_no_modelled_figure() {
        GangEnergy gang = new GangEnergy(Optional.empty(), 1, Set.of(0));
        gang.sample(0, at(0), used(0, 0), Optional.empty());
        gang.sample(0, at(10), used(10, 0), Optional.empty());

        assertThat(gang.running(0)).isEmpty();
        assertThat(gang.settle(OptionalDouble.empty())).isEmpty();
    }
}
