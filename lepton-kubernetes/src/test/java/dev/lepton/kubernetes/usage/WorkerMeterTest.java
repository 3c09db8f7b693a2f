package dev.lepton.kubernetes.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lepton.kubernetes.usage.WorkerMeter.Counted;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A worker's running total when a part switches between the model and a counter, either way, mid-life. */
class WorkerMeterTest {
    private static final Instant MADE = Instant.parse("2026-12-05T10:00:00Z");
    private static final double CPU_WATTS = 10;
    private static final double GPU_WATTS = 700;

    private final WorkerMeter meter = new WorkerMeter(MADE);

    private static Instant at(int seconds) {
        return MADE.plusSeconds(seconds);
    }

    private static Optional<Counted> counted(double joules, int seconds) {
        return Optional.of(new Counted(joules, at(seconds)));
    }

    private double cpuMeasured(int seconds, Optional<Counted> cpu) {
        return meter.energyUntil(at(seconds), CPU_WATTS, cpu, GPU_WATTS, Optional.empty()).joules();
    }

    @Test
    void switching_to_a_counter_and_back_neither_drops_a_stretch_of_time_nor_counts_one_twice() {
        assertThat(cpuMeasured(10, Optional.empty())).as("both parts modelled").isCloseTo(100 + 7_000, within(1e-9));
        assertThat(cpuMeasured(20, counted(0, 20))).as("Kepler's first reading: the model covers the CPU up to it")
                .isCloseTo(200 + 14_000, within(1e-9));
        assertThat(cpuMeasured(22, counted(0, 20))).as("between readings the CPU waits for the next").isCloseTo(200 + 15_400, within(1e-9));
        assertThat(cpuMeasured(30, counted(50, 30))).as("the counter's growth, 50 J in 10 s").isCloseTo(250 + 21_000, within(1e-9));
        assertThat(cpuMeasured(40, Optional.empty())).as("gone: the model covers from the last reading").isCloseTo(350 + 28_000, within(1e-9));
        assertThat(cpuMeasured(50, counted(500, 50))).as("back: what it counted while the model stood in is not added")
                .isCloseTo(450 + 35_000, within(1e-9));
        assertThat(cpuMeasured(60, counted(530, 60))).isCloseTo(480 + 42_000, within(1e-9));
    }

    @Test
    void the_gpus_from_their_counter_and_the_cpu_from_the_model_add_up() {
        meter.energyUntil(at(10), CPU_WATTS, Optional.empty(), GPU_WATTS, counted(0, 10));

        assertThat(meter.energyUntil(at(20), CPU_WATTS, Optional.empty(), GPU_WATTS, counted(13_500, 20)).joules())
                .as("the model's CPU for 20 s, the GPUs' model for the first 10 s and their counter since").isCloseTo(200 + 7_000 + 13_500, within(1e-9));
    }

    @Test
    void a_counter_reading_below_the_one_before_or_one_from_before_it_adds_nothing_and_the_total_never_goes_down() {
        cpuMeasured(10, counted(0, 10));
        double before = cpuMeasured(20, counted(80, 20));

        assertThat(cpuMeasured(30, counted(60, 30))).isCloseTo(before + 0 + 7_000, within(1e-9));
        assertThat(cpuMeasured(30, counted(200, 25))).as("a reading older than the last is not one").isCloseTo(before + 7_000, within(1e-9));
    }

    @Test
    void what_a_call_adds_to_a_part_is_counted_only_where_its_counter_alone_gave_it() {
        WorkerMeter.Metered modelled = meter.energyUntil(at(10), CPU_WATTS, Optional.empty(), GPU_WATTS, Optional.empty());
        WorkerMeter.Metered switching = meter.energyUntil(at(20), CPU_WATTS, counted(0, 20), GPU_WATTS, counted(0, 20));
        WorkerMeter.Metered between = meter.energyUntil(at(22), CPU_WATTS, counted(0, 20), GPU_WATTS, counted(0, 20));
        WorkerMeter.Metered counted = meter.energyUntil(at(30), CPU_WATTS, counted(40, 30), GPU_WATTS, counted(7_000, 30));

        assertThat(modelled).extracting(WorkerMeter.Metered::cpuCounted, WorkerMeter.Metered::gpuCounted).containsExactly(false, false);
        assertThat(switching).as("the model up to the first reading").extracting(WorkerMeter.Metered::cpuCounted, WorkerMeter.Metered::gpuCounted)
                .containsExactly(false, false);
        assertThat(between.joules()).isEqualTo(switching.joules());
        assertThat(between).extracting(WorkerMeter.Metered::cpuCounted, WorkerMeter.Metered::gpuCounted).containsExactly(true, true);
        assertThat(counted.joules() - between.joules()).isCloseTo(7_040, within(1e-9));
        assertThat(counted).extracting(WorkerMeter.Metered::cpuCounted, WorkerMeter.Metered::gpuCounted).containsExactly(true, true);
    }
}
