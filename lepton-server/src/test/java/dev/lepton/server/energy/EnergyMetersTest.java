package dev.lepton.server.energy;

import dev.lepton.core.carbon.ForecastKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.core.carbon.CarbonIntensitySource;
import dev.lepton.core.carbon.HourlyIntensity;
import dev.lepton.core.carbon.Intensity;
import dev.lepton.core.energy.IdlePolicy;
import dev.lepton.core.energy.NodePowerProfile;
import dev.lepton.testing.FakeClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the server's carbon intensity comes from: the API's zone first, then a region's file, then the static map. */
class EnergyMetersTest {
    private static final Instant AT = Instant.parse("2022-01-01T01:30:00Z");

    @Test
    void a_failing_zone_falls_through_to_the_next_source_and_answers_again_once_it_recovers() {
        AtomicBoolean down = new AtomicBoolean(true);
        CarbonIntensitySource api = new CarbonIntensitySource() {
            @Override
            public Optional<Intensity> intensity(String zone, Instant at) {
                if (down.get()) {
                    throw new IllegalStateException("Electricity Maps answered 503 for zone " + zone);
                }
                return Optional.of(new Intensity(zone.equals("ES") ? 120 : -1, "electricitymaps-api"));
            }

            @Override
            public List<HourlyIntensity> hourly(String zone, Instant from, Instant to) {
                return List.of();
            }
        };
        CarbonIntensitySource sources = CarbonIntensitySource.inOrder(List.of(new EnergyMeters.Zone("madrid", "ES", api),
                new dev.lepton.core.carbon.StaticIntensity(Map.of("madrid", 200.0))));

        assertThat(sources.intensity("madrid", AT)).map(Intensity::gramsPerKwh).contains(200.0);
        down.set(false);
        assertThat(sources.intensity("madrid", AT)).map(Intensity::gramsPerKwh).contains(120.0);
    }

    @Test
    void a_regions_file_answers_before_the_static_value_and_a_broken_file_names_itself(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("es.csv"), """
                Datetime (UTC),Country,Zone Name,Zone Id,Carbon Intensity gCO₂eq/kWh (direct),Carbon Intensity gCO₂eq/kWh (LCA),Low Carbon Percentage,Renewable Percentage,Data Source,Data Estimated,Data Estimation Method
                2022-01-01 00:00:00,Spain,Spain,ES,133.64,175.54,76.35,42.94,entsoe.eu,false,
                2022-01-01 01:00:00,Spain,Spain,ES,139.1,181.54,75.69,41.62,entsoe.eu,false,
                """);
        EnergySettings settings = new EnergySettings(NodePowerProfile.NONE, IdlePolicy.DEFAULT, 1, 0, Map.of("ES", file));

        CarbonIntensitySource sources = EnergyMeters.intensity(Map.of("ES", 999.0, "FR", 50.0), settings, Map.of(), new FakeClock());

        assertThat(sources.intensity("ES", AT)).map(Intensity::gramsPerKwh).contains(181.54);
        assertThat(sources.intensity("FR", AT)).map(Intensity::gramsPerKwh).contains(50.0);
        Files.writeString(file, "not,a,header\n");
        assertThatThrownBy(() -> EnergyMeters.intensity(Map.of(), settings, Map.of(), new FakeClock()))
                .hasMessageStartingWith("--carbon-intensity-file ES=" + file + ": ").hasMessageContaining(file.toString());
        EnergySettings api = new EnergySettings(NodePowerProfile.NONE, IdlePolicy.DEFAULT, 1, 0, Map.of(), Map.of("local", "ES"),
                ForecastKind.PERSISTENCE, Map.of());
        assertThatThrownBy(() -> EnergyMeters.intensity(Map.of(), api, Map.of(), new FakeClock()))
                .hasMessage("--carbon-intensity-api: set ELECTRICITYMAPS_API_KEY to your Electricity Maps API key");
    }
}
