package dev.lepton.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.node.process.LocalExecutorConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code lepton server} settings are checked before anything is opened. */
class ServerConfigTest {
    final ServerConfig defaults = ServerConfig.defaults(Path.of("/tmp/lepton-home"));

    @Test
    void a_policy_is_one_the_server_can_run() {
        assertThat(defaults.withPolicy("LAS").policy()).isEqualTo("LAS");
        assertThatThrownBy(() -> defaults.withPolicy("fastest")).hasMessageStartingWith("--policy: unknown policy 'fastest'");
        assertThatThrownBy(() -> defaults.withPolicy("srtf"))
                .hasMessage("--policy: srtf ranks by true job durations, which only a trace has: it runs in lepton simulate; "
                        + "the server takes priority, fifo, backfill, las (tiresias) or default");
    }

    @Test
    void carbon_intensities_are_grams_per_kilowatt_hour_at_least_zero() {
        assertThat(defaults.withCarbonIntensity(Map.of("eu-north", 45.0)).carbonIntensity()).containsEntry("eu-north", 45.0);
        assertThatThrownBy(() -> defaults.withCarbonIntensity(Map.of("us-east", -1.0)))
                .hasMessage("--carbon-intensity: us-east must be a number of gCO2e/kWh >= 0, got -1.0");
    }

    @Test
    void workers_get_a_sandbox_unless_the_operator_asks_for_less() {
        assertThat(defaults.isolation()).isEqualTo(LocalExecutorConfig.Isolation.SANDBOX);
        assertThat(defaults.withIsolation(LocalExecutorConfig.Isolation.PROJECT_USER).isolation()).isEqualTo(LocalExecutorConfig.Isolation.PROJECT_USER);
    }
}
