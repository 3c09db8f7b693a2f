package dev.lepton.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lepton.api.v1.ApiEnergy;
import dev.lepton.api.v1.ApiEnergyReport;
import dev.lepton.api.v1.ApiJob;
import dev.lepton.core.node.NodeSettings;
import dev.lepton.core.node.Tier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real job on this machine carries energy, carbon and cost, modelled here (no RAPL, no GPU), and
 * its figures survive a restart of the server whole: nothing lost, nothing counted twice.
 */
class EnergyEndToEndTest {
    @TempDir
    Path home;
    TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private TestServer start() {
        return TestServer.start(home, config -> config.withCarbonIntensity(Map.of("ES", 150.0))
                .withNode(new NodeSettings(Map.of(), Set.of(), Tier.DATACENTER, "ES", 1.20)));
    }

    @Test
    void a_jobs_energy_carbon_and_cost_are_shown_and_kept_across_a_restart() {
        server = start();
        server.admin.createJob(JobsEndToEndTest.job("burn", "end=$(($(date +%s)+3)); while [ $(date +%s) -lt $end ]; do :; done"),
                false, Optional.empty());
        server.admin.waitForJob("default", "burn", Duration.ofSeconds(60));
        ApiEnergy before = server.admin.job("default", "burn").status().energy();

        assertThat(before.joules()).isPositive();
        assertThat(before.kwh()).isCloseTo(before.joules() / 3.6e6, within(1e-12));
        assertThat(before.co2eGrams()).as("ES at 150 gCO2e/kWh, PUE 1").isCloseTo(before.kwh() * 150, within(1e-9));
        assertThat(before.costDollars()).isPositive();
        assertThat(before.provenance()).isEqualTo("modelled");

        server.closeForRestart();
        server = start();

        ApiEnergy after = server.admin.job("default", "burn").status().energy();
        assertThat(after.joules()).as("written once at close, read once after").isCloseTo(before.joules(), within(before.joules() * 1e-9));
        assertThat(after.costDollars()).isCloseTo(before.costDollars(), within(1e-12));
        ApiEnergyReport report = server.admin.energyReport(Optional.of("default"), "job", Optional.of("1d"), Optional.empty());
        assertThat(report.rows()).singleElement().satisfies(row -> {
            assertThat(row.key()).isEqualTo("default/burn");
            assertThat(row.energy().joules()).isCloseTo(before.joules(), within(before.joules() * 1e-9));
        });
        ApiJob listed = server.admin.jobs(Optional.of("default"), Optional.empty(), 10, Optional.empty()).items().getFirst();
        assertThat(listed.status().energy()).as("only a single job's read carries it").isNull();
    }
}
