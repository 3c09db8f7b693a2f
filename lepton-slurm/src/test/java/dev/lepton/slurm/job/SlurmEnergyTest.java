package dev.lepton.slurm.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.slurm.Recorded;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * {@code sacct}'s energy figures: {@code sacct-energy.txt} is written to the format (this machine has no
 * energy plugin and no slurmdbd), {@code sacct-energy-cluster.txt} is what a cluster with an energy
 * plugin and slurmdbd answered (CSCS's Alps system {@code santis}, Slurm with the {@code pm_counters}
 * plugin, job 38113 on 4 nodes, as its operators published it in a README), reduced to the
 * {@code --parsable2} columns Lepton asks for: the job's allocation, its batch, extern and task steps.
 */
class SlurmEnergyTest {
    private static final String SACCT = Recorded.output(SlurmEnergyTest.class, "sacct-energy.txt");
    private static final String CLUSTER = Recorded.output(SlurmEnergyTest.class, "sacct-energy-cluster.txt");

    @Test
    void a_jobs_energy_is_its_allocations_line_not_a_steps() {
        assertThat(SlurmEnergy.consumedJoules(CLUSTER, new SlurmJobId(38113))).as("all 4 nodes from start to end, not step 0's 20536917 J")
                .isEqualTo(OptionalDouble.of(20_543_125));
    }

    @Test
    void consumed_energy_is_in_joules() {
        assertThat(SlurmEnergy.consumedJoules(SACCT, new SlurmJobId(1234))).isEqualTo(OptionalDouble.of(5_400_123));
    }

    @Test
    void zero_nothing_and_slurms_unknown_marker_mean_no_figure() {
        assertThat(SlurmEnergy.consumedJoules(SACCT, new SlurmJobId(1235))).isEmpty();
        assertThat(SlurmEnergy.consumedJoules(SACCT, new SlurmJobId(1236))).isEmpty();
        assertThat(SlurmEnergy.consumedJoules(SACCT, new SlurmJobId(1237))).isEmpty();
        assertThat(SlurmEnergy.consumedJoules(SACCT, new SlurmJobId(9999))).isEmpty();
    }

    @Test
    void energy_in_a_tres_list() {
        assertThat(SlurmEnergy.fromTres("cpu=4,mem=8G,energy=5400,node=1")).isEqualTo(OptionalDouble.of(5400));
        assertThat(SlurmEnergy.fromTres("cpu=1,mem=100M,node=1,billing=1")).isEmpty();
    }
}
