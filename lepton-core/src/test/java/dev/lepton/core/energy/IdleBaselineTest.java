package dev.lepton.core.energy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.node.GpuDevice;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdleBaselineTest {
    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final GpuDevice T4 = new GpuDevice(0, "GPU-t4", "Tesla T4", 16L << 30, 70);

    static ComponentReading measured(ComponentKind kind, int index, double watts) {
        return new ComponentReading(kind, index, watts, SECOND, Provenance.MEASURED, "test");
    }

    static List<Double> idles(IdleBaseline baseline, ComponentReading... readings) {
        return baseline.apply(List.of(readings)).stream().map(ComponentPower::idleWatts).toList();
    }

    @Test
    void a_modelled_reading_takes_the_idle_end_of_its_range() {
        PowerModel model = PowerModel.of(NodePowerProfile.NONE, KnownHardwareTest.table(), "Intel(R) Xeon(R) Processor", 2, List.of(T4));

        IdleBaseline baseline = new IdleBaseline(model);

        assertThat(idles(baseline, model.cpu(0.9, SECOND), model.gpu(0, 0.5, SECOND).orElseThrow())).containsExactly(1.6, 14.0);
    }

    @Test
    void measured_packages_share_the_profiles_cpu_idle_and_a_measured_gpu_takes_the_profiles_gpu_idle() {
        PowerModel model = PowerModel.of(NodePowerProfile.parse("cpu=60..400,gpu=20..70"), KnownHardwareTest.table(), "any", 64, List.of(T4));

        assertThat(idles(new IdleBaseline(model), measured(ComponentKind.CPU_PACKAGE, 0, 150), measured(ComponentKind.CPU_PACKAGE, 1, 90),
                measured(ComponentKind.GPU, 0, 40))).containsExactly(30.0, 30.0, 20.0);
    }

    @Test
    void without_a_profile_a_measured_component_takes_the_lowest_power_it_has_been_read_at() {
        PowerModel model = PowerModel.of(NodePowerProfile.NONE, KnownHardwareTest.table(), "any", 64, List.of());
        IdleBaseline baseline = new IdleBaseline(model);

        assertThat(idles(baseline, measured(ComponentKind.CPU_PACKAGE, 0, 120), measured(ComponentKind.DRAM, 0, 9))).containsExactly(120.0, 9.0);
        assertThat(idles(baseline, measured(ComponentKind.CPU_PACKAGE, 0, 70), measured(ComponentKind.DRAM, 0, 11))).containsExactly(70.0, 9.0);
        assertThat(idles(baseline, measured(ComponentKind.CPU_PACKAGE, 0, 200), measured(ComponentKind.CPU_PACKAGE, 1, 95)))
                .as("each package keeps its own minimum").containsExactly(70.0, 95.0);
    }
}
