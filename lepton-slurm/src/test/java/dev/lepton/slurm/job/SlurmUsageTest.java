package dev.lepton.slurm.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class SlurmUsageTest {
    @Test
    void cpu_time_memory_and_no_energy_as_sstat_reported_them_here() {
        SlurmUsage usage = SlurmUsage.fromTres("cpu=00:00:04,energy=0,fs/disk=10957,mem=3028K,pages=0,vmem=5512K");

        assertThat(usage).isEqualTo(new SlurmUsage(Duration.ofSeconds(4), 3028 * 1024L, OptionalDouble.empty()));
    }

    @Test
    void days_fractions_larger_units_and_energy_where_a_plugin_measures_it() {
        SlurmUsage usage = SlurmUsage.fromTres("cpu=1-02:03:04.500,energy=73412,mem=1.5G");

        assertThat(usage.cpuTime()).isEqualTo(Duration.ofDays(1).plusHours(2).plusMinutes(3).plusSeconds(4).plusMillis(500));
        assertThat(usage.memoryBytes()).isEqualTo(1536L * 1024 * 1024);
        assertThat(usage.energyJoules()).isEqualTo(OptionalDouble.of(73412));
    }
}
