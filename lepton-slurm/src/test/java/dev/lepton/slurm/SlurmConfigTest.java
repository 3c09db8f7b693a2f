package dev.lepton.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SlurmConfigTest {
    @Test
    void the_one_node_slurm_of_bench_slurm_setup_has_a_completion_log_but_no_accounting_or_energy() {
        SlurmConfig config = SlurmConfig.parse(Recorded.output(SlurmConfigTest.class, "scontrol-show-config.txt"));

        assertThat(config.version()).isEqualTo("22.05.8");
        assertThat(config.hasAccounting()).isFalse();
        assertThat(config.hasCompletionLog()).isTrue();
        assertThat(config.measuresEnergy()).isFalse();
        assertThat(config.keepsEnergy()).isFalse();
        assertThat(config.gathersUsage()).isTrue();
        assertThat(config.killWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.minJobAge()).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void a_site_with_slurmdbd_and_an_energy_plugin_measures_energy_and_keeps_it() {
        SlurmConfig config = SlurmConfig.parse("""
                Configuration data as of 2024-05-01T12:00:00
                AccountingStorageType   = accounting_storage/slurmdbd
                AcctGatherEnergyType    = acct_gather_energy/rapl
                JobCompType             = jobcomp/none
                KillWait                = 60 sec
                MinJobAge               = 30 sec
                SLURM_VERSION           = 23.11.4
                """);

        assertThat(config.hasAccounting()).isTrue();
        assertThat(config.hasCompletionLog()).isFalse();
        assertThat(config.measuresEnergy()).isTrue();
        assertThat(config.keepsEnergy()).isTrue();
        assertThat(config.killWait()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.version()).isEqualTo("23.11.4");
    }

    @Test
    void an_energy_plugin_without_slurmdbd_measures_energy_that_sacct_does_not_keep() {
        SlurmConfig config = SlurmConfig.parse("""
                AccountingStorageType   = accounting_storage/none
                AcctGatherEnergyType    = acct_gather_energy/ipmi
                """);

        assertThat(config.measuresEnergy()).isTrue();
        assertThat(config.keepsEnergy()).isFalse();
    }

    @Test
    void what_the_output_does_not_say_takes_slurms_defaults() {
        SlurmConfig config = SlurmConfig.parse("");

        assertThat(config.hasAccounting()).isFalse();
        assertThat(config.hasCompletionLog()).isFalse();
        assertThat(config.gathersUsage()).isFalse();
        assertThat(config.killWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.minJobAge()).isEqualTo(Duration.ofSeconds(300));
    }
}
