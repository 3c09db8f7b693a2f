package dev.lepton.node.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lepton.core.energy.ComponentKind;
import dev.lepton.core.energy.ComponentReading;
import dev.lepton.core.energy.NodePowerProfile;
import dev.lepton.core.energy.PowerModel;
import dev.lepton.core.energy.Provenance;
import dev.lepton.core.node.GpuDevice;
import dev.lepton.node.probe.NvidiaSmi;
import dev.lepton.testing.FakeClock;
import dev.lepton.testing.FakeNvidiaSmiFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NvidiaSmiPowerTest {
    private static final String DEVICES = """
            0, GPU-aaaa, NVIDIA H100 80GB HBM3, 81559, 700.00
            1, GPU-bbbb, Tesla T4, 15360, 70.00
            """;

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock();

    @Test
    void a_gpu_that_reports_power_is_measured_and_one_that_does_not_is_modelled_from_its_utilisation() {
        FakeNvidiaSmiFiles smi = new FakeNvidiaSmiFiles(dir).devices(DEVICES).usage("0, 80, 40000, 612.35\n1, 50, 2048, [N/A]\n");
        NvidiaSmiPower power = power(smi);
        clock.advance(Duration.ofSeconds(10));

        List<ComponentReading> readings = power.read();

        assertThat(readings).containsExactly(
                new ComponentReading(ComponentKind.GPU, 0, 612.35, Duration.ofSeconds(10), Provenance.MEASURED, ComponentReading.NVIDIA_SMI),
                new ComponentReading(ComponentKind.GPU, 1, 42, Duration.ofSeconds(10), Provenance.MODELLED, ComponentReading.MODEL_TDP_TABLE));
    }

    @Test
    void each_attempts_share_of_a_gpu_is_its_processes_memory_on_it() {
        FakeNvidiaSmiFiles smi = new FakeNvidiaSmiFiles(dir).devices(DEVICES).apps("""
                GPU-aaaa, 101, 30000
                GPU-aaaa, 102, 10000
                GPU-aaaa, 103, 5000
                GPU-bbbb, 103, 1000
                GPU-bbbb, 999, 1000
                GPU-unknown, 101, 1000
                """);
        NvidiaSmiPower power = power(smi);
        Map<Long, String> owners = Map.of(101L, "train", 102L, "serve", 103L, "serve");

        Map<String, Map<Integer, Double>> shares = power.shares(pid -> Optional.ofNullable(owners.get(pid)));

        double mib = 1 << 20;
        assertThat(shares).containsOnlyKeys("train", "serve");
        assertThat(shares.get("train")).containsOnlyKeys(0);
        assertThat(shares.get("train").get(0)).isCloseTo(30000 * mib, within(1.0));
        assertThat(shares.get("serve").get(0)).isCloseTo(15000 * mib, within(1.0));
        assertThat(shares.get("serve").get(1)).isCloseTo(1000 * mib, within(1.0));
    }

    @Test
    void a_failing_nvidia_smi_reads_no_gpus_rather_than_failing_the_node() {
        FakeNvidiaSmiFiles smi = new FakeNvidiaSmiFiles(dir).devices(DEVICES).usage("0, 80, 40000, 612.35\n");
        List<GpuDevice> gpus = new NvidiaSmi(smi.executable(), NvidiaSmi.DEFAULT_TIMEOUT).devices();
        PowerModel model = PowerModel.of(NodePowerProfile.NONE, NodePower.knownHardware(), "any", 8, gpus);
        NvidiaSmiPower power = new NvidiaSmiPower(new NvidiaSmi(dir.resolve("absent"), Duration.ofSeconds(1)), gpus, model, clock);

        assertThat(power.read()).isEmpty();
    }

    /** The fake's GPUs, measured where it reports power and modelled from the bundled table elsewhere. */
    private NvidiaSmiPower power(FakeNvidiaSmiFiles fake) {
        NvidiaSmi smi = new NvidiaSmi(fake.executable(), NvidiaSmi.DEFAULT_TIMEOUT);
        List<GpuDevice> gpus = smi.devices();
        return new NvidiaSmiPower(smi, gpus, PowerModel.of(NodePowerProfile.NONE, NodePower.knownHardware(), "any", 8, gpus), clock);
    }
}
