package dev.lepton.server.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lepton.core.energy.ComponentJoules;
import dev.lepton.core.energy.Footprint;
import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.resource.Resources;
import dev.lepton.server.scheduler.RunningWorker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Power advice on simulated time: a worker under 5% of what it holds for 10 minutes is reported, and flagged once per spell. */
class IdleWatchTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);
    /** 60 W for a minute: 0.001 kWh, and $0.02 of the node's price. */
    private static final Footprint MINUTE_COST = new Footprint(new ComponentJoules(3_600, 0, 0), 0, 0.2, 0.02);

    private final RunningWorker cpuWorker = new RunningWorker(new AttemptId("cpu-job", 1, 0), "ml", "sleeper", "default", "n1",
            new Resources(2_000, 1L << 30, 0), List.of());
    private final RunningWorker gpuWorker = new RunningWorker(new AttemptId("gpu-job", 1, 0), "ml", "trainer", "default", "n1",
            new Resources(1_000, 1L << 30, 1), List.of(3));
    private final AtomicReference<Map<Integer, Double>> gpuUse = new AtomicReference<>(Map.of(3, 0.01));
    private final List<IdleWatch.Idle> flagged = new ArrayList<>();
    private final IdleWatch watch = new IdleWatch(IdleWatch.Settings.DEFAULTS, gpuUse::get, flagged::add);

    @Test
    void a_worker_under_five_percent_for_ten_minutes_is_idle_with_what_it_cost_and_is_flagged_once() {
        for (int minute = 1; minute <= 12; minute++) {
            // 2 cores for 60 s would be 120 CPU-seconds; 3 is 2.5%.
            watch.observe(T0.plus(MINUTE.multipliedBy(minute)), MINUTE, cpuWorker, 3, MINUTE_COST);
            if (minute == 9) {
                assertThat(watch.idle(T0.plus(MINUTE.multipliedBy(minute)))).as("nine minutes is not yet ten").isEmpty();
            }
        }

        assertThat(flagged).singleElement().satisfies(idle -> {
            assertThat(idle.resource()).isEqualTo("cpu");
            assertThat(idle.since()).isEqualTo(T0);
            assertThat(idle.utilisation()).isCloseTo(0.025, within(1e-12));
            assertThat(idle.wasted().kwh()).isCloseTo(0.010, within(1e-12));
        });
        assertThat(watch.idle(T0.plus(MINUTE.multipliedBy(12)))).singleElement().satisfies(idle -> {
            assertThat(idle.wasted().dollars()).isCloseTo(0.24, within(1e-12));
            assertThat(idle.kwhPerHour()).as("stopping it saves 60 W").isCloseTo(0.06, within(1e-12));
            assertThat(idle.dollarsPerHour()).isCloseTo(1.2, within(1e-12));
        });
    }

    @Test
    void a_busy_interval_ends_the_spell_and_a_gpu_worker_is_judged_by_its_gpus_not_its_cpus() {
        for (int minute = 1; minute <= 11; minute++) {
            watch.observe(T0.plus(MINUTE.multipliedBy(minute)), MINUTE, cpuWorker, minute == 6 ? 60 : 0, MINUTE_COST);
            watch.observe(T0.plus(MINUTE.multipliedBy(minute)), MINUTE, gpuWorker, 60, MINUTE_COST);
        }

        assertThat(flagged).as("the CPU worker was busy in minute 6; the GPU worker's CPU is busy but its GPU is not")
                .extracting(idle -> idle.worker().job()).containsExactly("trainer");

        gpuUse.set(Map.of(3, 0.9));
        watch.observe(T0.plus(MINUTE.multipliedBy(12)), MINUTE, gpuWorker, 60, MINUTE_COST);
        assertThat(watch.idle(T0.plus(MINUTE.multipliedBy(12)))).isEmpty();
    }

    @Test
    void a_gpu_whose_use_is_not_known_changes_nothing_and_ended_workers_are_forgotten() {
        gpuUse.set(Map.of());
        for (int minute = 1; minute <= 11; minute++) {
            watch.observe(T0.plus(MINUTE.multipliedBy(minute)), MINUTE, gpuWorker, 0, MINUTE_COST);
            watch.observe(T0.plus(MINUTE.multipliedBy(minute)), MINUTE, cpuWorker, 0, MINUTE_COST);
        }
        watch.retain(List.of(gpuWorker.attempt()));

        assertThat(flagged).extracting(idle -> idle.worker().job()).containsExactly("sleeper");
        assertThat(watch.idle(T0.plus(MINUTE.multipliedBy(11)))).isEmpty();
    }
}
