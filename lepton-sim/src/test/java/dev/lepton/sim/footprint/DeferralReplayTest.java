package dev.lepton.sim.footprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lepton.core.carbon.ForecastKind;
import dev.lepton.core.carbon.IntensitySeries;
import dev.lepton.core.energy.PowerRange;
import dev.lepton.core.policy.Policies;
import dev.lepton.sim.ClusterSpec;
import dev.lepton.sim.JobResult;
import dev.lepton.sim.engine.SimulationConfig;
import dev.lepton.sim.engine.SimulationResult;
import dev.lepton.sim.engine.Simulator;
import dev.lepton.sim.trace.TraceJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code --defer} in a replay: jobs are held, by the server's {@code CarbonDeferral}, until the start with the
 * cleanest forecast run, never later than {@code maxDelay} after they arrive. Two 1 kW GPUs (0..1000 W), so a
 * GPU-hour is 1 kWh; hours 0 to 7 of the grid are 300, 300, 50, 300, 300, 300, 20, 300 gCO2e/kWh.
 */
class DeferralReplayTest {
    static final Instant MIDNIGHT = Instant.parse("2022-01-01T00:00:00Z");
    static final IntensitySeries SERIES = IntensitySeries.of("XX", "test", MIDNIGHT, 300, 300, 50, 300, 300, 300, 20, 300);
    static final ClusterSpec CLUSTER = new ClusterSpec(List.of(new ClusterSpec.NodeGroup(1, 2, "test", 64_000, 256L << 30,
            Optional.of(new PowerRange(0, 1000)), OptionalDouble.empty())));

    static TraceJob job(String id, double submitHours, double hours, int gpus) {
        return TraceJob.rigid(id, Math.round(submitHours * 3_600_000), Math.round(hours * 3_600_000), gpus);
    }

    static FootprintConfig deferring(String maxDelay, ForecastKind forecast) {
        return new FootprintConfig(1.0, 0, Optional.of(new CarbonAxis(SERIES, MIDNIGHT)),
                Optional.of(new FootprintConfig.Deferral(Duration.parse("PT" + maxDelay.toUpperCase()), forecast)));
    }

    record Replay(Map<String, JobResult> jobs, RunFootprint footprint) {}

    static Replay replay(FootprintConfig config, List<TraceJob> trace) {
        Simulator simulator = new Simulator(CLUSTER, SimulationConfig.of(Policies.named("fifo")), line -> {});
        SimulationResult result = config.deferral().isPresent()
                ? simulator.run(trace, new CarbonHold(config.carbon().orElseThrow(), config.deferral().get()))
                : simulator.run(trace);
        return new Replay(result.jobs().stream().collect(Collectors.toMap(JobResult::id, Function.identity())),
                new Footprint(CLUSTER, GpuPower.of(CLUSTER, GpuPower.knownHardware()), config).of(result.runs()));
    }

    @Test
    void a_job_waits_for_the_low_carbon_hour_within_its_slack_and_no_further() {
        // Slack 4 h from 0:00: candidates 0:00 .. 4:00, hour 2 (50 g) wins; hour 6 (20 g) is past the latest start.
        Replay replay = replay(deferring("4h", ForecastKind.PERFECT), List.of(job("a", 0, 1, 1)));

        assertThat(replay.jobs().get("a").start()).isEqualTo(2 * 3600);
        assertThat(replay.jobs().get("a").jct()).isEqualTo(3 * 3600);
        assertThat(replay.footprint().jobs().getFirst().heldSeconds()).isEqualTo(7200);
        assertThat(replay.footprint().carbonKg().getAsDouble()).isCloseTo(0.050, within(1e-12)); // 1 kWh at 50 g
        assertThat(replay.footprint().carbonIfRunAtArrivalKg().getAsDouble()).isCloseTo(0.300, within(1e-12));
        assertThat(replay.footprint().carbonIfRunAtReleaseKg().getAsDouble()).isCloseTo(0.050, within(1e-12));
    }

    @Test
    void with_more_slack_it_takes_the_cleaner_hour_further_off() {
        // Arriving at 0:30 with 6 h of slack: latest start 6:30, so the 6:00 hour (20 g) is in reach.
        Replay replay = replay(deferring("6h", ForecastKind.PERFECT), List.of(job("a", 0.5, 1, 1)));

        assertThat(replay.jobs().get("a").start()).isEqualTo(6 * 3600);
        assertThat(replay.footprint().carbonKg().getAsDouble()).isCloseTo(0.020, within(1e-12));
    }

    @Test
    void a_long_job_waits_for_the_cleanest_window_not_the_cleanest_hour() {
        // Two hours from 0:00 (300, 300) = 300 avg; from 1:00 (300, 50) = 175; from 2:00 (50, 300) = 175, a tie the
        // earlier start wins; slack 2 h: 1:00.
        Replay replay = replay(deferring("2h", ForecastKind.PERFECT), List.of(job("a", 0, 2, 1)));

        assertThat(replay.jobs().get("a").start()).isEqualTo(3600);
        assertThat(replay.footprint().carbonKg().getAsDouble()).isCloseTo(0.350, within(1e-12));
    }

    @Test
    void a_released_job_is_queued_as_usual_and_may_still_wait_for_gpus() {
        // a (both GPUs, 8 h) averages the whole 8-hour cycle from any start (the series repeats), so the earliest,
        // 0:00, wins. b arrives at 0:00 with 4 h of slack, is released at 2:00 and waits for a's GPUs until 8:00.
        List<TraceJob> trace = List.of(job("a", 0, 8, 2), job("b", 0, 1, 1));
        Replay replay = replay(deferring("4h", ForecastKind.PERFECT), trace);

        assertThat(replay.jobs().get("a").start()).isZero();
        assertThat(replay.footprint().jobs()).filteredOn(j -> j.id().equals("b")).singleElement()
                .satisfies(b -> assertThat(b.heldSeconds()).isEqualTo(7200));
        assertThat(replay.jobs().get("b").start()).isEqualTo(8 * 3600);
        assertThat(replay.jobs().get("b").queueing()).isEqualTo(8 * 3600);
        assertThat(replay.footprint().seriesRepeated()).isTrue();
        // Deferral planned 1 kWh at 50 g; the wait for GPUs put it at 8:00, hour 0 of the repeated series, 300 g.
        JobFootprint b = replay.footprint().jobs().get(1);
        assertThat(b.carbonIfRunAtReleaseKg().getAsDouble()).isCloseTo(0.050, within(1e-12));
        assertThat(b.carbonKg().getAsDouble()).isCloseTo(0.300, within(1e-12));
    }

    @Test
    void deferral_never_holds_a_job_past_its_max_delay_and_never_costs_energy() {
        Random random = new Random(13);
        List<TraceJob> trace = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            trace.add(job("j" + i, random.nextDouble() * 20, 0.1 + random.nextDouble() * 3, 1 + random.nextInt(2)));
        }
        for (ForecastKind forecast : ForecastKind.values()) {
            Replay deferred = replay(deferring("5h", forecast), trace);
            Replay plain = replay(deferring("5h", forecast).withoutDeferral(), trace);

            assertThat(deferred.footprint().jobs()).as(forecast.label())
                    .allSatisfy(j -> assertThat(j.heldSeconds()).isBetween(0.0, 5 * 3600.0));
            assertThat(deferred.footprint().energyKwh()).isCloseTo(plain.footprint().energyKwh(), within(1e-9));
        }
    }

    @Test
    void with_a_perfect_forecast_a_lone_job_never_emits_more_than_had_it_started_on_arrival() {
        for (double arrival = 0; arrival < 8; arrival += 0.25) {
            List<TraceJob> trace = List.of(job("a", arrival, 1.5, 1));
            double deferred = replay(deferring("3h", ForecastKind.PERFECT), trace).footprint().carbonKg().getAsDouble();
            double plain = replay(deferring("3h", ForecastKind.PERFECT).withoutDeferral(), trace)
                    .footprint().carbonKg().getAsDouble();

            assertThat(deferred).as("arrival %s h", arrival).isLessThanOrEqualTo(plain + 1e-12);
        }
    }
}
