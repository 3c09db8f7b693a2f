package dev.lepton.server.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lepton.api.v1.ApiSustainability;
import dev.lepton.core.carbon.IntensitySeries;
import dev.lepton.core.carbon.StaticIntensity;
import dev.lepton.core.energy.ComponentJoules;
import dev.lepton.core.energy.Footprint;
import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.node.Node;
import dev.lepton.core.node.NodeCondition;
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
        Node node = new Node("n1", new Resources(4_000, 16L << 30, 0), List.of(), Map.of(), Set.of(), Tier.DATACENTER, "ES", 0.3, NodeCondition.READY);
        List<EnergyLedger.Rollup> workloads = List.of(new EnergyLedger.Rollup("n1",
                new Footprint(new ComponentJoules(3.6e6, 0, 0), 0, 180, 2)));
        List<EnergyLedger.NodeRow> unattributed = List.of(new EnergyLedger.NodeRow("n1", T0, 5.4e6, 1.5e6, 0.3e6, 0, 90, 1));
        List<AttemptUsage> usage = List.of(
                new AttemptUsage(new AttemptId("a1", 1, 0), "ml", "train", "alice", "a", "n1", 0, 2_000, 1L << 30, T0,
                        Optional.of(T0.plus(Duration.ofHours(5))), 0, 0),
                new AttemptUsage(new AttemptId("b1", 1, 0), "web", "serve", "bob", "b", "n1", 0, 1_000, 1L << 30, T0, Optional.empty(), 0, 0));
        List<Queue> queues = List.of(queue("a", 3_000), queue("b", 1_000));

        ApiSustainability report = SustainabilityReport.of(new SustainabilityReport.Inputs(T0, T0.plus(Duration.ofHours(10)),
                T0.plus(Duration.ofHours(10)), workloads, unattributed, usage, queues, List.of(node), List.of(), new StaticIntensity(Map.of("ES", 150.0)),
                1.2));

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
        Node node = new Node("n1", new Resources(4_000, 16L << 30, 0), List.of(), Map.of(), Set.of(), Tier.DATACENTER, "nowhere", 0, NodeCondition.READY);

        ApiSustainability report = SustainabilityReport.of(new SustainabilityReport.Inputs(T0, T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(1)),
                List.of(), List.of(), List.of(), List.of(), List.of(node), List.of(), new StaticIntensity(Map.of()), 1));

        assertThat(report.economic().costPerResourceHour()).isNull();
        assertThat(report.environmental().averageIntensityPaid()).isNull();
        assertThat(report.environmental().gridAverageIntensity()).isNull();
        assertThat(report.economic().utilisation()).isZero();
    }

    /**
     * ES from T0 at 300, 280, 260, 240, 100, 120, 90 and 50 gCO2e/kWh an hour, PUE 1.2. A job submitted at 01:00 and deferred
     * to 04:00 drew 1 kWh at 04:00 (120 g) and 0.5 kWh at 05:00 (72 g); at submission they would have cost 1.2 × 280 = 336 g
     * and 0.6 × 260 = 156 g: 300 g avoided. One submitted at 22:00 the day before and started at 01:00 has 1 kWh at 01:00,
     * whose hour three hours earlier the series does not know, and 1 kWh at 03:00 (288 g) that would have cost 360 g at
     * 00:00: 72 g more. A job with no schedule, started three hours after submission too, avoided nothing.
     */
    @Test
    void carbon_avoided_is_what_deferred_jobs_hours_would_have_cost_at_submission_less_what_they_cost() {
        Node node = new Node("n1", new Resources(4_000, 16L << 30, 0), List.of(), Map.of(), Set.of(), Tier.DATACENTER, "ES", 0.3, NodeCondition.READY);
        List<SustainabilityReport.JobRun> jobs = List.of(
                new SustainabilityReport.JobRun(true, at(1), at(4), List.of(hour("deferred", "n1", 4, 1, 120), hour("deferred", "n1", 5, 0.5, 72))),
                new SustainabilityReport.JobRun(true, at(-2), at(1), List.of(hour("early", "n1", 1, 1, 336), hour("early", "n1", 3, 1, 288),
                        hour("early", "gone", 3, 1, 288))),
                new SustainabilityReport.JobRun(false, at(1), at(4), List.of(hour("unscheduled", "n1", 4, 1, 120))));

        ApiSustainability report = SustainabilityReport.of(withJobs(node, jobs));

        assertThat(report.environmental().carbonAvoidedKg()).as("300 g + 72 g; unknown hours and a node no longer known left out")
                .isCloseTo(0.372, within(1e-12));
    }

    @Test
    void a_deferral_into_a_dirtier_hour_counts_against_and_a_start_at_once_counts_nothing() {
        Node node = new Node("n1", new Resources(4_000, 16L << 30, 0), List.of(), Map.of(), Set.of(), Tier.DATACENTER, "ES", 0.3, NodeCondition.READY);
        List<SustainabilityReport.JobRun> jobs = List.of(
                // 1 kWh at 05:00 (120 g/kWh, 144 g) instead of 04:00 (100 g/kWh, 120 g).
                new SustainabilityReport.JobRun(true, at(4), at(5), List.of(hour("worse", "n1", 5, 1, 144))),
                // Started five seconds after submission: its hour is compared with itself.
                new SustainabilityReport.JobRun(true, at(6), at(6).plusSeconds(5), List.of(hour("prompt", "n1", 6, 1, 108))));

        ApiSustainability report = SustainabilityReport.of(withJobs(node, jobs));

        assertThat(report.environmental().carbonAvoidedKg()).isCloseTo(-0.024, within(1e-12));
    }

    @Test
    void carbon_avoided_is_unknown_when_no_deferred_hour_can_be_priced_at_submission() {
        Node node = new Node("n1", new Resources(4_000, 16L << 30, 0), List.of(), Map.of(), Set.of(), Tier.DATACENTER, "ES", 0.3, NodeCondition.READY);
        List<SustainabilityReport.JobRun> jobs = List.of(new SustainabilityReport.JobRun(true, at(-5), at(1), List.of(hour("early", "n1", 1, 1, 336))),
                new SustainabilityReport.JobRun(false, at(1), at(4), List.of(hour("unscheduled", "n1", 4, 1, 120))));

        assertThat(SustainabilityReport.of(withJobs(node, jobs)).environmental().carbonAvoidedKg()).isNull();
    }

    private static SustainabilityReport.Inputs withJobs(Node node, List<SustainabilityReport.JobRun> jobs) {
        IntensitySeries es = IntensitySeries.of("ES", "test", T0, 300, 280, 260, 240, 100, 120, 90, 50);
        return new SustainabilityReport.Inputs(T0, at(8), at(8), List.of(), List.of(), List.of(), List.of(), List.of(node), jobs, es, 1.2);
    }

    private static Instant at(int hours) {
        return T0.plus(Duration.ofHours(hours));
    }

    private static EnergyLedger.JobHour hour(String job, String node, int hour, double kwh, double co2eGrams) {
        return new EnergyLedger.JobHour(job, node, at(hour), kwh * 3.6e6, co2eGrams);
    }

    private static Queue queue(String name, long cpuMillis) {
        return new Queue(new QueueSpec(name, Optional.empty(), Quota.of(cpuMillis, 0, 0, Optional.empty()), Optional.empty(), Scoring.DEFAULT), "",
                T0);
    }
}
