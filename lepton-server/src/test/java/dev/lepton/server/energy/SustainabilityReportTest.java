package dev.lepton.server.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lepton.api.v1.ApiSustainability;
import dev.lepton.core.carbon.StaticIntensity;
import dev.lepton.core.energy.ComponentJoules;
import dev.lepton.core.energy.Footprint;
import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.node.Node;
import dev.lepton.core.node.Tier;
import dev.lepton.core.placement.Scoring;
import dev.lepton.core.queue.Queue;
import dev.lepton.core.quota.Quota;
import dev.lepton.core.quota.QueueSpec;
import dev.lepton.core.resource.Resources;
import dev.lepton.store.AttemptUsage;
import dev.lepton.store.EnergyLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Ten hours of a 4-CPU node in Spain worked by hand: 1 kWh of workloads (180 g at PUE 1.2, $2), 0.5
 * kWh nobody carried (90 g, $1); queue a ran 2 CPUs for 5 h, queue b 1 CPU for the whole 10 h; their
 * quotas are 3 and 1 cores.
 */
class SustainabilityReportTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void every_indicator_is_as_worked_by_hand() {
        Node node = new Node("n1", new Resources(4_000, 16L << 30, 0), List.of(), Map.of(), Set.of(), Tier.DATACENTER, "ES", 0.3, true);
        List<EnergyLedger.Rollup> workloads = List.of(new EnergyLedger.Rollup("n1",
                new Footprint(new ComponentJoules(3.6e6, 0, 0), 0, 180, 2)));
        List<EnergyLedger.NodeRow> unattributed = List.of(new EnergyLedger.NodeRow("n1", T0, 5.4e6, 1.5e6, 0.3e6, 0, 90, 1));
        List<AttemptUsage> usage = List.of(
                new AttemptUsage(new AttemptId("a1", 1, 0), "ml", "train", "alice", "a", "n1", 0, 2_000, 1L << 30, T0,
                        Optional.of(T0.plus(Duration.ofHours(5))), 0, 0),
                new AttemptUsage(new AttemptId("b1", 1, 0), "web", "serve", "bob", "b", "n1", 0, 1_000, 1L << 30, T0, Optional.empty(), 0, 0));
        List<Queue> queues = List.of(queue("a", 3_000), queue("b", 1_000));

        ApiSustainability report = SustainabilityReport.of(new SustainabilityReport.Inputs(T0, T0.plus(Duration.ofHours(10)),
                T0.plus(Duration.ofHours(10)), workloads, unattributed, usage, queues, List.of(node), new StaticIntensity(Map.of("ES", 150.0)), 1.2));

        ApiSustainability.Economic economic = report.economic();
        assertThat(economic.totalCostDollars()).isCloseTo(3, within(1e-12));
        assertThat(economic.idleCapacityCostDollars()).isCloseTo(1, within(1e-12));
        assertThat(economic.resource()).isEqualTo("cpu");
        assertThat(economic.allocatedHours()).isCloseTo(20, within(1e-9));
        assertThat(economic.capacityHours()).isCloseTo(40, within(1e-9));
        assertThat(economic.utilisation()).isCloseTo(0.5, within(1e-9));
        assertThat(economic.costPerResourceHour()).isCloseTo(0.15, within(1e-12));

        ApiSustainability.Environmental environmental = report.environmental();
        assertThat(environmental.kwh()).isCloseTo(1.5, within(1e-12));
        assertThat(environmental.workloadKwh()).isCloseTo(1, within(1e-12));
        assertThat(environmental.kgCo2e()).isCloseTo(0.27, within(1e-12));
        assertThat(environmental.measuredShare()).isZero();
        assertThat(environmental.averageIntensityPaid()).as("180 g over 1 kWh, PUE taken out").isCloseTo(150, within(1e-9));
        assertThat(environmental.gridAverageIntensity()).isCloseTo(150, within(1e-9));
        assertThat(environmental.carbonAvoidedKg()).as("no job was deferred: unknown, not zero").isNull();

        assertThat(report.access()).extracting(a -> a.queue() + " " + Math.round(a.share() * 100) + "% of " + Math.round(a.quotaShare() * 100) + "%")
                .containsExactly("a 50% of 75%", "b 50% of 25%");
    }

    @Test
    void a_window_with_nothing_run_says_what_cannot_be_known_rather_than_zero() {
        Node node = new Node("n1", new Resources(4_000, 16L << 30, 0), List.of(), Map.of(), Set.of(), Tier.DATACENTER, "nowhere", 0, true);

        ApiSustainability report = SustainabilityReport.of(new SustainabilityReport.Inputs(T0, T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(1)),
                List.of(), List.of(), List.of(), List.of(), List.of(node), new StaticIntensity(Map.of()), 1));

        assertThat(report.economic().costPerResourceHour()).isNull();
        assertThat(report.environmental().averageIntensityPaid()).isNull();
        assertThat(report.environmental().gridAverageIntensity()).isNull();
        assertThat(report.economic().utilisation()).isZero();
    }

    private static Queue queue(String name, long cpuMillis) {
        return new Queue(new QueueSpec(name, Optional.empty(), Quota.of(cpuMillis, 0, 0, Optional.empty()), Optional.empty(), Scoring.DEFAULT), "",
                T0);
    }
}
