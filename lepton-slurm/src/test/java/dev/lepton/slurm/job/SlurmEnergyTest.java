package dev.lepton.slurm.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.slurm.Recorded;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class SlurmEnergyTest {
    private static final String SACCT = Recorded.output(SlurmEnergyTest.class, "sacct-energy.txt");

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
