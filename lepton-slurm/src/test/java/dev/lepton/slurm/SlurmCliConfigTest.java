package dev.lepton.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SlurmCliConfigTest {
    @Test
    void by_default_each_command_has_ten_seconds_and_is_found_on_the_path() {
        assertThat(SlurmCliConfig.DEFAULTS.commandTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(SlurmCliConfig.DEFAULTS.binDirectory()).isEmpty();
    }

    @Test
    void a_timeout_must_be_positive() {
        assertThatThrownBy(() -> new SlurmCliConfig(Duration.ZERO, Optional.empty())).hasMessageContaining("commandTimeout must be positive");
        assertThat(SlurmCliConfig.DEFAULTS.withBinDirectory(Path.of("/opt/slurm/bin")).binDirectory()).contains(Path.of("/opt/slurm/bin"));
    }
}
