package dev.lepton.node.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.lepton.core.energy.AttemptActivity;
import dev.lepton.core.energy.Attribution;
import dev.lepton.core.energy.ComponentKind;
import dev.lepton.core.energy.ComponentReading;
import dev.lepton.core.energy.EnergyAttribution;
import dev.lepton.core.energy.IdleBaseline;
import dev.lepton.core.energy.IdlePolicy;
import dev.lepton.core.energy.NodeInterval;
import dev.lepton.core.energy.NodePowerProfile;
import dev.lepton.core.energy.PowerModel;
import dev.lepton.core.energy.Provenance;
import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.resource.Accelerators;
import dev.lepton.core.resource.Resources;
import dev.lepton.node.probe.NodeGpus;
import dev.lepton.node.probe.NvidiaSmi;
import dev.lepton.node.probe.RocmSmi;
import dev.lepton.node.probe.RocmSmiOutputs;
import dev.lepton.testing.FakeClock;
import dev.lepton.testing.FakeNvidiaSmiFiles;
import dev.lepton.testing.FakeRocmSmiFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AMD GPUs' energy through a stand-in {@code rocm-smi} answering with files written in its documented JSON
 * (src/test/resources/rocm-smi/README.md), read for 10 s: measured where the card reports its package power, modelled
 * from its power cap where it does not, and on a node with both vendors, each device's joules reach its own holder.
 */
class RocmSmiPowerTest {
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock();

    @Test
    void a_card_that_reports_its_power_is_measured_and_one_that_does_not_is_modelled_from_its_power_cap() {
        FakeRocmSmiFiles fake = new FakeRocmSmiFiles(dir).devices(RocmSmiOutputs.read("two-mi300x.json"))
                .usage(RocmSmiOutputs.read("usage-mi300x.json"));
        NodePower power = amdOnly(fake);
        clock.advance(TEN_SECONDS);

        List<ComponentReading> gpus = gpuReadings(power);

        assertThat(gpus).containsExactly(
                new ComponentReading(ComponentKind.GPU, 0, 612.0, TEN_SECONDS, Provenance.MEASURED, ComponentReading.ROCM_SMI),
                new ComponentReading(ComponentKind.GPU, 1, 150 + (750 - 150) * 0.40, TEN_SECONDS, Provenance.MODELLED,
                        ComponentReading.MODEL_POWER_LIMIT));
        assertThat(gpus.get(0).joules()).as("card 0: 612 W for 10 s").isCloseTo(6_120, within(1e-9));
        assertThat(gpus.get(1).joules()).as("card 1: 20% of its 750 W cap idle, 40% busy").isCloseTo(3_900, within(1e-9));
    }

    @Test
    void an_older_release_is_measured_by_average_power_a_second_die_counts_nothing_and_a_silent_card_is_modelled_idle() {
        FakeRocmSmiFiles fake = new FakeRocmSmiFiles(dir).devices(RocmSmiOutputs.read("mi250x-gcds.json"))
                .usage(RocmSmiOutputs.read("usage-mi250x.json"));
        NodePower power = amdOnly(fake);
        clock.advance(TEN_SECONDS);

        List<ComponentReading> gpus = gpuReadings(power);

        assertThat(gpus).extracting(ComponentReading::index, ComponentReading::joules, ComponentReading::provenance, ComponentReading::source)
                .containsExactly(
                        tuple(0, 3_900.0, Provenance.MEASURED, ComponentReading.ROCM_SMI),
                        tuple(1, 0.0, Provenance.MEASURED, ComponentReading.ROCM_SMI),
                        tuple(2, 1_120.0, Provenance.MODELLED, ComponentReading.MODEL_POWER_LIMIT));
    }

    @Test
    void a_card_the_node_was_detected_without_is_left_out_and_a_failing_rocm_smi_reads_no_gpus() {
        FakeRocmSmiFiles fake = new FakeRocmSmiFiles(dir).devices(RocmSmiOutputs.read("two-mi300x.json"));
        NodePower power = amdOnly(fake);
        fake.usage("{\"card0\": {\"Current Socket Graphics Package Power (W)\": \"300.0\", \"GPU use (%)\": \"50\"},"
                + " \"card7\": {\"Current Socket Graphics Package Power (W)\": \"500.0\", \"GPU use (%)\": \"50\"}}");
        clock.advance(TEN_SECONDS);

        assertThat(gpuReadings(power)).extracting(ComponentReading::index).containsExactly(0);

        fake.usage("rocm-smi: amdgpu driver not loaded");
        clock.advance(TEN_SECONDS);
        assertThat(gpuReadings(power)).isEmpty();
    }

    @Test
    void on_a_node_with_both_vendors_each_devices_energy_reaches_the_attempt_holding_it_and_amd_0_is_not_nvidia_0() {
        FakeNvidiaSmiFiles nvidiaFake = new FakeNvidiaSmiFiles(dir.resolve("nvidia")).devices("""
                0, GPU-00000000-aaaa, NVIDIA H100 80GB HBM3, 81559, 700.00
                1, GPU-11111111-bbbb, NVIDIA H100 80GB HBM3, 81559, 700.00
                """).usage("0, 90, 40000, 650.00\n1, 0, 0, [N/A]\n");
        FakeRocmSmiFiles amdFake = new FakeRocmSmiFiles(dir.resolve("amd")).devices(RocmSmiOutputs.read("two-mi300x.json"))
                .usage(RocmSmiOutputs.read("usage-mi300x.json"));
        NvidiaSmi nvidia = new NvidiaSmi(nvidiaFake.executable(), NvidiaSmi.DEFAULT_TIMEOUT);
        RocmSmi amd = new RocmSmi(amdFake.executable(), NvidiaSmi.DEFAULT_TIMEOUT);
        NodeGpus gpus = NodeGpus.number(nvidia.devices(), amd.devices());
        PowerModel model = PowerModel.of(NodePowerProfile.NONE, NodePower.knownHardware(), "test CPU", 16, gpus.all());
        NodePower power = NodePower.choose(dir.resolve("no-powercap"), procStat(), Optional.of(nvidia), Optional.of(amd), gpus, model, clock);
        clock.advance(TEN_SECONDS);

        List<ComponentReading> readings = power.read();
        AttemptId cuda = new AttemptId("cuda", 1, 0);   // holds nvidia.com/gpu 0, node index 0
        AttemptId rocm = new AttemptId("rocm", 1, 0);   // holds amd.com/gpu card0, node index 2
        Attribution split = new EnergyAttribution(IdlePolicy.UNATTRIBUTED).attribute(new NodeInterval(TEN_SECONDS,
                new IdleBaseline(model).apply(readings), new Resources(16_000, 64L << 30, Accelerators.nvidiaGpus(2)
                        .plus(Accelerators.of(RocmSmi.RESOURCE, 2))), 0, List.of(
                        new AttemptActivity(cuda, new Resources(4_000, 8L << 30, 1), 0, Map.of(0, 1.0)),
                        new AttemptActivity(rocm, new Resources(4_000, 8L << 30, Accelerators.of(RocmSmi.RESOURCE, 1)), 0, Map.of(2, 1.0)))));

        assertThat(readings.stream().filter(r -> r.kind() == ComponentKind.GPU))
                .extracting(ComponentReading::index, ComponentReading::source).containsExactly(
                        tuple(0, ComponentReading.NVIDIA_SMI),
                        tuple(1, ComponentReading.MODEL_TDP_TABLE),
                        tuple(2, ComponentReading.ROCM_SMI),
                        tuple(3, ComponentReading.MODEL_POWER_LIMIT));
        assertThat(split.of(cuda).gpu()).as("H100 0: 650 W measured").isCloseTo(6_500, within(1e-6));
        assertThat(split.of(rocm).gpu()).as("MI300X card0: 612 W measured").isCloseTo(6_120, within(1e-6));
        assertThat(split.idle().gpu()).as("H100 1 modelled idle at 140 W, MI300X card1 modelled at 390 W: nobody holds them")
                .isCloseTo(1_400 + 3_900, within(1e-6));
        assertThat(split.provenance()).containsEntry(ComponentKind.GPU, Provenance.MODELLED);
    }

    /** A node whose GPUs are the fake's AMD cards alone, its CPU modelled. */
    private NodePower amdOnly(FakeRocmSmiFiles fake) {
        RocmSmi amd = new RocmSmi(fake.executable(), NvidiaSmi.DEFAULT_TIMEOUT);
        NodeGpus gpus = NodeGpus.number(List.of(), amd.devices());
        PowerModel model = PowerModel.of(NodePowerProfile.NONE, NodePower.knownHardware(), "test CPU", 16, gpus.all());
        return NodePower.choose(dir.resolve("no-powercap"), procStat(), Optional.empty(), Optional.of(amd), gpus, model, clock);
    }

    private ProcStat procStat() {
        try {
            return new ProcStat(Files.writeString(dir.resolve("stat"), "cpu  0 0 0 0 0 0 0 0 0 0\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<ComponentReading> gpuReadings(NodePower power) {
        return power.read().stream().filter(r -> r.kind() == ComponentKind.GPU).toList();
    }
}
