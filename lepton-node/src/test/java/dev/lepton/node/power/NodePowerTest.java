package dev.lepton.node.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lepton.core.energy.ComponentKind;
import dev.lepton.core.energy.ComponentReading;
import dev.lepton.core.energy.NodePowerProfile;
import dev.lepton.core.energy.PowerModel;
import dev.lepton.core.energy.Provenance;
import dev.lepton.testing.FakeClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodePowerTest {
    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock();

    private Path procStat(long busyTicks, long idleTicks) throws IOException {
        return Files.writeString(dir.resolve("stat"), "cpu  " + busyTicks + " 0 0 " + idleTicks + " 0 0 0 0 0 0\n");
    }

    private static PowerModel model(String profile) {
        return PowerModel.of(profile.isEmpty() ? NodePowerProfile.NONE : NodePowerProfile.parse(profile), NodePower.knownHardware(),
                "Intel(R) Xeon(R) Processor", 2, List.of());
    }

    @Test
    void without_readable_rapl_the_cpu_is_modelled_from_proc_stat_and_marked_so() throws IOException {
        Path stat = procStat(0, 0);
        NodePower power = NodePower.choose(dir.resolve("no-powercap"), new ProcStat(stat), Optional.empty(), List.of(), model(""), clock);
        procStat(500, 500); // 2 CPUs, 5 s, half busy
        clock.advance(Duration.ofSeconds(5));

        List<ComponentReading> readings = power.read();

        assertThat(power.cpuSource()).isEqualTo(ComponentReading.MODEL_TDP_TABLE);
        assertThat(readings).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(ComponentKind.CPU_PACKAGE);
            assertThat(r.provenance()).isEqualTo(Provenance.MODELLED);
            assertThat(r.watts()).isCloseTo(1.6 + (6.7 - 1.6) * 0.5, within(1e-9));
        });
    }

    @Test
    void the_operators_profile_wins_over_the_table() throws IOException {
        NodePower power = NodePower.choose(dir.resolve("no-powercap"), new ProcStat(procStat(0, 0)), Optional.empty(), List.of(),
                model("cpu=10..30"), clock);
        procStat(1000, 0);
        clock.advance(Duration.ofSeconds(5));

        assertThat(power.read()).singleElement().satisfies(r -> {
            assertThat(r.source()).isEqualTo(ComponentReading.MODEL_PROFILE);
            assertThat(r.watts()).isCloseTo(30, within(1e-9));
        });
    }

    @Test
    void readable_rapl_is_chosen_and_measured() throws IOException {
        FakePowercap powercap = new FakePowercap(dir.resolve("powercap")).zone("intel-rapl:0", "package-0", 1L << 40, 0);
        NodePower power = NodePower.choose(powercap.root(), new ProcStat(procStat(0, 0)), Optional.empty(), List.of(), model(""), clock);
        powercap.consume("intel-rapl:0", 400);
        clock.advance(Duration.ofSeconds(4));

        assertThat(power.cpuSource()).isEqualTo(ComponentReading.RAPL);
        assertThat(power.read()).singleElement().satisfies(r -> {
            assertThat(r.provenance()).isEqualTo(Provenance.MEASURED);
            assertThat(r.watts()).isCloseTo(100, within(1e-9));
        });
    }

    @Test
    void when_rapl_stops_answering_the_cpu_falls_back_to_the_model_for_good() throws IOException {
        FakePowercap powercap = new FakePowercap(dir.resolve("powercap")).zone("intel-rapl:0", "package-0", 1L << 40, 0);
        NodePower power = NodePower.choose(powercap.root(), new ProcStat(procStat(0, 0)), Optional.empty(), List.of(), model(""), clock);
        Files.delete(powercap.root().resolve("intel-rapl:0/energy_uj"));
        clock.advance(Duration.ofSeconds(4));

        assertThat(power.read()).as("the interval in which RAPL failed").isEmpty();
        assertThat(power.cpuSource()).isEqualTo(ComponentReading.MODEL_TDP_TABLE);
        procStat(800, 0);
        clock.advance(Duration.ofSeconds(4));
        assertThat(power.read()).singleElement().satisfies(r -> assertThat(r.provenance()).isEqualTo(Provenance.MODELLED));
    }

    @Test
    void this_host_gets_figures_that_say_where_they_came_from() {
        NodePower power = NodePower.local(NodePowerProfile.NONE, InstantSource.system());

        List<ComponentReading> readings = power.read();

        System.out.printf("this host: CPU power from %s; readings %s%n", power.cpuSource(), readings);
        assertThat(readings).allSatisfy(r -> assertThat(r.provenance() == Provenance.MEASURED)
                .as(r.toString()).isEqualTo(r.source().equals(ComponentReading.RAPL) || r.source().equals(ComponentReading.NVIDIA_SMI)));
        if (!Files.isDirectory(RaplPowercap.ROOT)) {
            assertThat(power.cpuSource()).startsWith("model:");
        }
    }
}
