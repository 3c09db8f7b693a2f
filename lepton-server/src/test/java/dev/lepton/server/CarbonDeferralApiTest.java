package dev.lepton.server;

import dev.lepton.core.carbon.ForecastKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lepton.api.v1.ApiEstimate;
import dev.lepton.api.v1.ApiExplanation;
import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiResources;
import dev.lepton.api.v1.ApiSchedule;
import dev.lepton.client.ApiException;
import dev.lepton.core.energy.IdlePolicy;
import dev.lepton.core.energy.NodePowerProfile;
import dev.lepton.core.job.JobPhase;
import dev.lepton.core.node.NodeSettings;
import dev.lepton.core.node.Tier;
import dev.lepton.server.energy.EnergySettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spec.schedule} through the HTTP API of a real server: bad schedules are 400s naming the field;
 * a job with slack under a forecast file is Deferred, listed by its phase, explained with the decision's
 * line and the window, and shows its schedule back.
 */
class CarbonDeferralApiTest {
    private static final DateTimeFormatter ROW = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    @TempDir
    Path home;
    TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** A forecast for region ES from two hours ago for a day: 390 gCO2e/kWh, but 212 three hours from this hour. */
    private Path forecastFile() throws IOException {
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        StringBuilder csv = new StringBuilder("Time,Carbon Intensity\n");
        for (int h = -2; h < 24; h++) {
            csv.append(ROW.format(hour.plus(Duration.ofHours(h)))).append(',').append(h == 3 ? "212" : "390").append('\n');
        }
        Path file = Files.createDirectories(home.resolve("forecast")).resolve("ES.csv");
        Files.writeString(file, csv);
        return file;
    }

    private TestServer start(Path forecast) {
        return TestServer.start(home, config -> config.withNode(new NodeSettings(Map.of(), Set.of(), Tier.DATACENTER, "ES", 0))
                .withEnergy(new EnergySettings(EnergySettings.DEFAULTS.nodePower(), EnergySettings.DEFAULTS.idlePolicy(), 1.0, 0, Map.of(),
                        Map.of(), ForecastKind.PERSISTENCE, Map.of("ES", forecast))));
    }

    private static ApiJob scheduled(String name, ApiSchedule schedule) {
        ApiJob job = JobsEndToEndTest.job(name, "true");
        return new ApiJob(job.kind(), job.apiVersion(), job.metadata(), job.spec().withSchedule(schedule), null);
    }

    private void assertRefused(ApiSchedule schedule, String field, String why) {
        assertThatThrownBy(() -> server.admin.createJob(scheduled("bad", schedule), false, Optional.empty()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining(field + ": " + why);
    }

    @Test
    void a_bad_schedule_is_a_400_naming_the_field() throws IOException {
        server = start(forecastFile());

        assertRefused(new ApiSchedule(null, "2020-01-01T00:00:00Z", "1h"), "spec.schedule.deadline", "is in the past");
        assertRefused(new ApiSchedule("8h", null, null), "spec.schedule.expectedDuration", "is required with spec.schedule.maxDelay");
        assertRefused(new ApiSchedule(null, "2999-01-01T00:00:00Z", null), "spec.schedule.expectedDuration",
                "is required with spec.schedule.deadline");
        assertRefused(new ApiSchedule("8d", null, "1h"), "spec.schedule.maxDelay", "must be at most 168h (7 days)");
        assertRefused(new ApiSchedule("soon", null, "1h"), "spec.schedule.maxDelay", "");
        assertRefused(new ApiSchedule("1h", null, "0s"), "spec.schedule.expectedDuration", "must be longer than 0");
        assertRefused(new ApiSchedule("1h", null, "400d"), "spec.schedule.expectedDuration", "must be at most");
        assertRefused(new ApiSchedule(null, "tomorrow", "1h"), "spec.schedule.deadline", "must be an instant with its offset");
        assertRefused(new ApiSchedule(null, Instant.now().plus(Duration.ofDays(9)).toString(), "1h"), "spec.schedule.deadline",
                "must leave at most 168h (7 days)");
        assertThat(server.admin.jobs(Optional.of("default"), Optional.empty(), 10, Optional.empty()).items()).isEmpty();
    }

    @Test
    void a_job_with_slack_is_deferred_listed_by_its_phase_and_explained_with_its_window() throws IOException {
        server = start(forecastFile());
        Instant cleanHour = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(3));

        ApiJob created = server.admin.createJob(scheduled("night", new ApiSchedule("8h", null, "1h")), false, Optional.empty());
        assertThat(created.spec().schedule()).isEqualTo(new ApiSchedule("8h", null, "1h"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.admin.job("default", "night").status().phase().equals("Deferred"));

        ApiJob deferred = server.admin.job("default", "night");
        assertThat(deferred.status().retryAt()).as("the chosen start, kept in notBefore").isEqualTo(cleanHour);
        assertThat(deferred.status().message()).startsWith("deferred to ").endsWith(": 212 gCO2e/kWh forecast against 390 now");
        assertThat(server.admin.jobs(Optional.of("default"), Optional.of(JobPhase.DEFERRED.displayName()), 10, Optional.empty()).items())
                .extracting(j -> j.metadata().name()).containsExactly("night");

        ApiExplanation explanation = server.admin.explainJob("default", "night");
        assertThat(explanation.phase()).isEqualTo("Deferred");
        assertThat(explanation.outcome()).isEqualTo("Deferred");
        assertThat(explanation.cause()).isEqualTo("deferred");
        assertThat(explanation.decidedAt()).isNotNull();
        assertThat(explanation.summary()).contains(": 212 gCO2e/kWh forecast against 390 now")
                .contains("it starts at " + cleanHour + " and is expected to run until " + cleanHour.plus(Duration.ofHours(1)));

        assertThat(server.admin.cancelJob("default", "night").status().phase()).isEqualTo("Cancelled");
    }

    @Test
    void a_dry_run_shows_the_expected_kwh_carbon_and_dollars_now_and_at_the_chosen_start() throws IOException {
        Path forecast = forecastFile();
        server = TestServer.start(home, config -> config.withNode(new NodeSettings(Map.of(), Set.of(), Tier.DATACENTER, "ES", 2.0))
                .withEnergy(new EnergySettings(NodePowerProfile.parse("cpu=10..110"), IdlePolicy.BY_ALLOCATION, 1.5, 0.25, Map.of(),
                        Map.of(), ForecastKind.PERSISTENCE, Map.of("ES", forecast))));
        Instant cleanHour = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(3));
        ApiJob job = JobsEndToEndTest.job("night", List.of("true"), 2, null, new ApiResources("500m", "64Mi", 0), null);
        job = new ApiJob(job.kind(), job.apiVersion(), job.metadata(), job.spec().withSchedule(new ApiSchedule("8h", null, "1h")), null);

        ApiEstimate estimate = server.admin.createJob(job, true, Optional.empty()).status().estimate();

        // Two workers of half a core for an hour, each drawing its share of the 100 W active range and of the 10 W idle.
        double share = 0.5 / cores(server.admin.nodes().getFirst().cpu());
        double kwh = 2 * 110 * share / 1000;
        double dollars = 2 * 2.0 * share + 0.25 * kwh;
        assertThat(estimate.duration()).isEqualTo("1h");
        assertThat(estimate.durationFrom()).isEqualTo("spec.schedule.expectedDuration");
        assertThat(estimate.region()).isEqualTo("ES");
        assertThat(estimate.provenance()).isEqualTo("modelled");
        assertThat(estimate.reason()).endsWith(": 212 gCO2e/kWh forecast against 390 now");
        assertThat(estimate.now().gramsPerKwh()).isCloseTo(390, within(1e-9));
        assertThat(estimate.now().intensitySource()).isEqualTo("forecast");
        assertThat(estimate.now().kwh()).isCloseTo(kwh, within(1e-9));
        assertThat(estimate.now().co2eGrams()).isCloseTo(kwh * 1.5 * 390, within(1e-6));
        assertThat(estimate.now().costDollars()).isCloseTo(dollars, within(1e-9));
        assertThat(estimate.chosen().start()).isEqualTo(cleanHour);
        assertThat(estimate.chosen().kwh()).isCloseTo(kwh, within(1e-9));
        assertThat(estimate.chosen().co2eGrams()).isCloseTo(kwh * 1.5 * 212, within(1e-6));
        assertThat(server.admin.jobs(Optional.of("default"), Optional.empty(), 10, Optional.empty()).items()).as("a dry run stores nothing").isEmpty();

        // Without slack the job starts now, for its maxDuration, at the intensity forecast now.
        ApiJob plain = JobsEndToEndTest.job("day", List.of("true"), 1, null, new ApiResources("500m", "64Mi", 0), "30m");
        ApiEstimate now = server.admin.createJob(plain, true, Optional.empty()).status().estimate();
        assertThat(now.durationFrom()).isEqualTo("spec.maxDuration");
        assertThat(now.chosen()).isEqualTo(now.now());
        assertThat(now.now().kwh()).isCloseTo(110 * share * 0.5 / 1000, within(1e-9));
    }

    private static double cores(String cpu) {
        return cpu.endsWith("m") ? Double.parseDouble(cpu.substring(0, cpu.length() - 1)) / 1000 : Double.parseDouble(cpu);
    }
}
