package dev.lepton.sim.footprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lepton.core.carbon.IntensitySeries;
import dev.lepton.core.energy.PowerRange;
import dev.lepton.core.policy.Policies;
import dev.lepton.sim.ClusterSpec;
import dev.lepton.sim.engine.SimulationConfig;
import dev.lepton.sim.engine.SimulationResult;
import dev.lepton.sim.engine.Simulator;
import dev.lepton.sim.trace.TraceJob;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Energy, carbon and cost of a three-job replay, every figure worked out by hand in the comments. One node
 * of two GPUs at 100..400 W, $10 a node-hour ($5 a GPU-hour), PUE 1.5, $0.20 a kWh; the grid's intensity is
 * 100, 300, 50 and 200 gCO2e/kWh in hours 0 to 3.
 */
class FootprintTest {
    static final Instant MIDNIGHT = Instant.parse("2022-01-01T00:00:00Z");
    static final IntensitySeries SERIES = IntensitySeries.of("XX", "test", MIDNIGHT, 100, 300, 50, 200);
    static final ClusterSpec CLUSTER = new ClusterSpec(List.of(new ClusterSpec.NodeGroup(1, 2, "Xeon Phi", 64_000, 256L << 30,
            Optional.of(new PowerRange(100, 400)), OptionalDouble.of(10))));
    static final FootprintConfig CONFIG = new FootprintConfig(1.5, 0.20, Optional.of(new CarbonAxis(SERIES, MIDNIGHT)), Optional.empty());

    static TraceJob job(String id, double submitHours, double hours, int gpus) {
        return TraceJob.rigid(id, Math.round(submitHours * 3_600_000), Math.round(hours * 3_600_000), gpus);
    }

    // a: 1 GPU, hour 0.           b: 2 GPUs, arrives at 0:30, waits for a, runs hour 1.
    // c: 1 GPU, 2:00 to 3:30, two thirds of its energy in hour 2, one third in hour 3.
    static final List<TraceJob> TRACE = List.of(job("a", 0, 1, 1), job("b", 0.5, 1, 2), job("c", 2, 1.5, 1));

    static RunFootprint replay(FootprintConfig config) {
        SimulationResult result = new Simulator(CLUSTER, SimulationConfig.of(Policies.named("fifo")), line -> {}).run(TRACE);
        return new Footprint(CLUSTER, GpuPower.of(CLUSTER, GpuPower.knownHardware()), config).of(result.runs());
    }

    static Map<String, JobFootprint> byId(RunFootprint footprint) {
        return footprint.jobs().stream().collect(Collectors.toMap(JobFootprint::id, Function.identity()));
    }

    @Test
    void each_job_is_charged_its_gpus_at_max_power_its_hours_intensity_times_pue_and_its_share_of_prices() {
        Map<String, JobFootprint> jobs = byId(replay(CONFIG));

        // a: 400 W x 1 h = 0.4 kWh; 0.4 x 100 x 1.5 = 60 g; 1 GPU-h x $5 + 0.4 x 1.5 x $0.20 = $5.12
        assertThat(jobs.get("a").energyKwh()).isCloseTo(0.4, within(1e-12));
        assertThat(jobs.get("a").carbonKg().getAsDouble()).isCloseTo(0.060, within(1e-12));
        assertThat(jobs.get("a").costUsd().getAsDouble()).isCloseTo(5.12, within(1e-12));
        // b: 2 x 400 W x 1 h = 0.8 kWh; 0.8 x 300 x 1.5 = 360 g; 2 GPU-h x $5 + 0.8 x 1.5 x $0.20 = $10.24
        assertThat(jobs.get("b").energyKwh()).isCloseTo(0.8, within(1e-12));
        assertThat(jobs.get("b").carbonKg().getAsDouble()).isCloseTo(0.360, within(1e-12));
        assertThat(jobs.get("b").costUsd().getAsDouble()).isCloseTo(10.24, within(1e-12));
        // c: 0.6 kWh, 0.4 kWh at 50 and 0.2 at 200: (20 + 40) x 1.5 = 90 g; 1.5 GPU-h x $5 + 0.6 x 1.5 x $0.20 = $7.68
        assertThat(jobs.get("c").energyKwh()).isCloseTo(0.6, within(1e-12));
        assertThat(jobs.get("c").carbonKg().getAsDouble()).isCloseTo(0.090, within(1e-12));
        assertThat(jobs.get("c").costUsd().getAsDouble()).isCloseTo(7.68, within(1e-12));
        assertThat(jobs.values()).allSatisfy(j -> assertThat(j.heldSeconds()).isZero());
    }

    @Test
    void the_gpus_nobody_held_are_the_clusters_at_idle_power_over_the_makespan() {
        RunFootprint footprint = replay(CONFIG);

        // Makespan 3.5 h; one GPU idle in hour 0 (at 100 g) and from 2:00 to 3:30 (50 g, then half an hour at 200):
        // 2.5 GPU-h x 100 W = 0.25 kWh; (100 + 50 + 100) gCO2e/kWh x h x 0.1 kW x 1.5 = 37.5 g;
        // 2.5 GPU-h x $5 + 0.25 x 1.5 x $0.20 = $12.575
        assertThat(footprint.idle().makespanSeconds()).isEqualTo(3.5 * 3600);
        assertThat(footprint.idle().energyKwh()).isCloseTo(0.25, within(1e-12));
        assertThat(footprint.idle().carbonKg()).isCloseTo(0.0375, within(1e-12));
        assertThat(footprint.idle().costUsd()).isCloseTo(12.575, within(1e-12));
        assertThat(footprint.energyKwh()).isCloseTo(1.8, within(1e-12));
        assertThat(footprint.totalEnergyKwh()).isCloseTo(2.05, within(1e-12));
        assertThat(footprint.totalCarbonKg().getAsDouble()).isCloseTo(0.060 + 0.360 + 0.090 + 0.0375, within(1e-12));
        assertThat(footprint.totalCostUsd().getAsDouble()).isCloseTo(5.12 + 10.24 + 7.68 + 12.575, within(1e-12));
        assertThat(footprint.seriesRepeated()).isFalse();
    }

    @Test
    void without_a_series_or_a_price_only_energy_is_counted() {
        RunFootprint footprint = replay(new FootprintConfig(1.0, 0, Optional.empty(), Optional.empty()));
        ClusterSpec unpriced = new ClusterSpec(List.of(new ClusterSpec.NodeGroup(1, 2, "Xeon Phi", 64_000, 256L << 30,
                Optional.of(new PowerRange(100, 400)), OptionalDouble.empty())));

        assertThat(footprint.carbonKg()).isEmpty();
        assertThat(footprint.fields()).doesNotContainKeys("carbon_kg", "carbon_region").containsKeys("energy_kwh", "cost_usd");
        assertThat((double) footprint.fields().get("energy_kwh")).isCloseTo(1.8, within(1e-12));
        assertThat(new Footprint(unpriced, GpuPower.of(unpriced, GpuPower.knownHardware()), FootprintConfig.energyOnly()).priced()).isFalse();
    }

    @Test
    void gpu_power_comes_from_the_cluster_file_then_the_known_hardware_table_then_its_catch_all_row() {
        ClusterSpec cluster = new ClusterSpec(List.of(
                new ClusterSpec.NodeGroup(1, 8, "V100", 64_000, 0, Optional.of(new PowerRange(40, 290)), OptionalDouble.empty()),
                new ClusterSpec.NodeGroup(1, 8, "Tesla V100-SXM2-32GB", 64_000, 0),
                new ClusterSpec.NodeGroup(1, 8, "generic", 64_000, 0)));

        List<GpuPower> power = GpuPower.of(cluster, GpuPower.knownHardware());

        assertThat(power).extracting(GpuPower::range).containsExactly(new PowerRange(40, 290), new PowerRange(60, 300), new PowerRange(50, 250));
        assertThat(power.get(0).source()).isEqualTo("cluster-file");
        assertThat(power.get(1).source()).startsWith("known-hardware: NVIDIA V100 SXM2");
        assertThat(power.get(2).source()).startsWith("known-hardware: assumed");
    }

    @Test
    void a_run_longer_than_the_series_goes_on_with_the_series_from_its_start() {
        // Four hours of data; 4:00 to 6:00 reads hours 0 and 1 again: 100 + 300.
        CarbonAxis axis = new CarbonAxis(SERIES, MIDNIGHT);

        assertThat(axis.gramHours(4 * 3_600_000L, 6 * 3_600_000L)).isCloseTo(400, within(1e-9));
        assertThat(axis.gramHours(0, 8 * 3_600_000L)).isCloseTo(2 * 650, within(1e-9));
        assertThat(axis.repeats(5 * 3_600_000L)).isTrue();
        assertThat(axis.repeats(4 * 3_600_000L)).isFalse();
        assertThat(axis.repeating().intensity("XX", MIDNIGHT.plusSeconds(5 * 3600)).orElseThrow().gramsPerKwh()).isEqualTo(300);
        assertThat(axis.repeating().intensity("XX", MIDNIGHT.minusSeconds(1))).isEmpty();
    }

    @Test
    void carbon_start_shifts_the_trace_onto_a_later_hour_of_the_series() {
        // Trace time 0 is 02:00: job a's hour is then at 50 g, not 100.
        FootprintConfig config = new FootprintConfig(1.0, 0, Optional.of(new CarbonAxis(SERIES, MIDNIGHT.plusSeconds(7200))), Optional.empty());

        assertThat(byId(replay(config)).get("a").carbonKg().getAsDouble()).isCloseTo(0.4 * 50 / 1000, within(1e-12));
    }

    @Test
    void each_groups_power_names_its_accelerator_where_the_cluster_names_accelerators() {
        ClusterSpec mixed = new ClusterSpec(List.of(
                new ClusterSpec.NodeGroup(1, 2, "nvidia.com/gpu", "H100", 64_000, 256L << 30, Optional.empty(), OptionalDouble.empty()),
                new ClusterSpec.NodeGroup(1, 2, "amd.com/gpu", "MI300X", 64_000, 256L << 30, Optional.of(new PowerRange(150, 750)),
                        OptionalDouble.empty())));
        SimulationResult result = new Simulator(mixed, SimulationConfig.of(Policies.named("fifo")), line -> {}).run(
                List.of(job("a", 0, 1, 1).onAccelerator("amd.com/gpu")));

        RunFootprint footprint = new Footprint(mixed, GpuPower.of(mixed, GpuPower.knownHardware()), CONFIG).of(result.runs());

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> power = (List<Map<String, Object>>) footprint.fields().get("gpu_power");
        assertThat(power).extracting(p -> p.get("accelerator")).containsExactly("nvidia.com/gpu", "amd.com/gpu");
        assertThat(power.get(1)).containsEntry("gpu_model", "MI300X").containsEntry("max_w", 750.0);
        // a: 750 W x 1 h on the AMD group's power, not the H100's.
        assertThat(footprint.energyKwh()).isCloseTo(0.75, within(1e-12));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> nvidiaOnly = (List<Map<String, Object>>) replay(CONFIG).fields().get("gpu_power");
        assertThat(nvidiaOnly).allSatisfy(p -> assertThat(p).doesNotContainKey("accelerator"));
    }
}
