package dev.lepton.core.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lepton.core.node.GpuDevice;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PowerModelTest {
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);
    private static final GpuDevice H100 = new GpuDevice(0, "GPU-a", "NVIDIA H100 80GB HBM3", 80L << 30, 700);
    private static final GpuDevice UNKNOWN = new GpuDevice(1, "GPU-b", "NVIDIA Future X", 80L << 30, 450);

    @Test
    void a_two_cpu_vm_of_an_unknown_micro_architecture_is_modelled_from_the_table_per_logical_cpu() {
        PowerModel model = PowerModel.of(NodePowerProfile.NONE, KnownHardwareTest.table(), "Intel(R) Xeon(R) Processor", 2, List.of());

        ComponentReading idle = model.cpu(0, TEN_SECONDS);
        ComponentReading busy = model.cpu(1, TEN_SECONDS);

        assertThat(idle.watts()).isCloseTo(1.6, within(1e-9));
        assertThat(busy.watts()).isCloseTo(6.7, within(1e-9));
        assertThat(busy.provenance()).isEqualTo(Provenance.MODELLED);
        assertThat(busy.source()).isEqualTo(ComponentReading.MODEL_TDP_TABLE);
        assertThat(busy.joules()).isCloseTo(67, within(1e-9));
    }

    @Test
    void power_is_linear_in_utilisation_between_idle_and_max() {
        PowerModel model = PowerModel.of(NodePowerProfile.parse("cpu=40..240"), KnownHardwareTest.table(), "any", 16, List.of());

        assertThat(model.cpu(0.25, TEN_SECONDS).watts()).isCloseTo(90, within(1e-9));
        assertThat(model.cpu(0.25, TEN_SECONDS).source()).isEqualTo(ComponentReading.MODEL_PROFILE);
        assertThat(model.cpu(1.7, TEN_SECONDS).watts()).as("utilisation past 1 is clamped").isEqualTo(240);
    }

    @Test
    void gpus_take_the_profile_then_the_table_then_their_power_limit() {
        KnownHardware table = KnownHardwareTest.table();

        PowerModel fromTable = PowerModel.of(NodePowerProfile.NONE, table, "any", 8, List.of(H100, UNKNOWN));
        assertThat(fromTable.gpu(0, 0.5, TEN_SECONDS).orElseThrow().watts()).isCloseTo(420, within(1e-9));
        assertThat(fromTable.gpu(0, 0.5, TEN_SECONDS).orElseThrow().source()).isEqualTo(ComponentReading.MODEL_TDP_TABLE);
        assertThat(fromTable.component(ComponentKind.GPU, 1).orElseThrow().range()).isEqualTo(new PowerRange(90, 450));
        assertThat(fromTable.gpu(1, 1, TEN_SECONDS).orElseThrow().source()).isEqualTo(ComponentReading.MODEL_POWER_LIMIT);
        assertThat(fromTable.gpu(7, 1, TEN_SECONDS)).isEmpty();

        PowerModel fromProfile = PowerModel.of(NodePowerProfile.parse("gpu=100..500"), table, "any", 8, List.of(H100, UNKNOWN));
        assertThat(fromProfile.gpu(1, 0.5, TEN_SECONDS).orElseThrow().watts()).isEqualTo(300);
        assertThat(fromProfile.gpu(1, 0.5, TEN_SECONDS).orElseThrow().source()).isEqualTo(ComponentReading.MODEL_PROFILE);
        assertThat(fromProfile.cpu(0, TEN_SECONDS).source()).as("the cpu part was left out").isEqualTo(ComponentReading.MODEL_TDP_TABLE);
    }
}
