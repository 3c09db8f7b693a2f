package dev.lepton.node.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.lepton.core.energy.ComponentKind;
import dev.lepton.core.energy.ComponentReading;
import dev.lepton.core.energy.Provenance;
import dev.lepton.testing.FakeClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RaplPowercapTest {
    private static final long MAX = 262_143_328_850L;

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock();

    private RaplPowercap open(FakePowercap powercap) {
        return switch (RaplPowercap.open(powercap.root(), clock)) {
            case RaplPowercap.Available(RaplPowercap source) -> source;
            case RaplPowercap.Unavailable(String reason) -> throw new AssertionError(reason);
        };
    }

    private String refusal(Path root) {
        return switch (RaplPowercap.open(root, clock)) {
            case RaplPowercap.Available(RaplPowercap source) -> throw new AssertionError("RAPL should be unavailable under " + root);
            case RaplPowercap.Unavailable(String reason) -> reason;
        };
    }

    @Test
    void packages_and_their_dram_are_read_and_parts_of_a_package_or_the_platform_are_not() {
        FakePowercap powercap = new FakePowercap(dir).zone("intel-rapl:0", "package-0", MAX, 0).zone("intel-rapl:0:0", "core", MAX, 0)
                .zone("intel-rapl:0:1", "uncore", MAX, 0).zone("intel-rapl:0:2", "dram", MAX, 0).zone("intel-rapl:1", "package-1", MAX, 0)
                .zone("intel-rapl:2", "psys", MAX, 0).zone("intel-rapl-mmio:0", "package-0", MAX, 0);
        RaplPowercap rapl = open(powercap);

        powercap.consume("intel-rapl:0", 1000);
        powercap.consume("intel-rapl:0:0", 600);
        powercap.consume("intel-rapl:0:2", 100);
        powercap.consume("intel-rapl:1", 500);
        powercap.consume("intel-rapl:2", 5000);
        powercap.consume("intel-rapl-mmio:0", 1000);
        clock.advance(Duration.ofSeconds(10));

        assertThat(rapl.read()).containsExactly(
                new ComponentReading(ComponentKind.CPU_PACKAGE, 0, 100, Duration.ofSeconds(10), Provenance.MEASURED, ComponentReading.RAPL),
                new ComponentReading(ComponentKind.DRAM, 0, 10, Duration.ofSeconds(10), Provenance.MEASURED, ComponentReading.RAPL),
                new ComponentReading(ComponentKind.CPU_PACKAGE, 1, 50, Duration.ofSeconds(10), Provenance.MEASURED, ComponentReading.RAPL));
    }

    @Test
    void a_dram_subzone_inside_its_package_directory_is_found_once() throws IOException {
        FakePowercap powercap = new FakePowercap(dir).zone("intel-rapl:0", "package-0", MAX, 0).zone("intel-rapl:0/intel-rapl:0:0", "dram", MAX, 0);
        RaplPowercap rapl = open(powercap);

        assertThat(rapl.zones()).extracting(RaplPowercap.Zone::kind).containsExactly(ComponentKind.CPU_PACKAGE, ComponentKind.DRAM);
    }

    @Test
    void a_counter_that_went_down_wrapped_at_its_maximum() {
        FakePowercap powercap = new FakePowercap(dir).zone("intel-rapl:0", "package-0", 1_000_000_000L, 990_000_000L);
        RaplPowercap rapl = open(powercap);

        assertThat(powercap.consume("intel-rapl:0", 250)).isTrue();
        clock.advance(Duration.ofSeconds(5));

        assertThat(rapl.read().getFirst().watts()).isCloseTo(50, within(1e-9));
        assertThat(RaplPowercap.delta(990, 240, 1000)).isEqualTo(250);
        assertThat(RaplPowercap.delta(10, 40, 1000)).isEqualTo(30);
    }

    @Test
    void each_read_covers_the_time_since_the_previous_one_and_no_time_gives_no_readings() {
        FakePowercap powercap = new FakePowercap(dir).zone("intel-rapl:0", "package-0", MAX, 0);
        RaplPowercap rapl = open(powercap);

        assertThat(rapl.read()).as("no time has passed since open").isEmpty();
        powercap.consume("intel-rapl:0", 300);
        clock.advance(Duration.ofSeconds(3));
        assertThat(rapl.read().getFirst().watts()).isCloseTo(100, within(1e-9));
        powercap.consume("intel-rapl:0", 40);
        clock.advance(Duration.ofSeconds(2));
        assertThat(rapl.read().getFirst().interval()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void amd_zones_are_read_when_powercap_names_them_so() {
        FakePowercap powercap = new FakePowercap(dir).zone("amd-rapl:0", "package-0", MAX, 0);
        RaplPowercap rapl = open(powercap);

        powercap.consume("amd-rapl:0", 70);
        clock.advance(Duration.ofSeconds(1));

        assertThat(rapl.read().getFirst().watts()).isCloseTo(70, within(1e-9));
    }

    @Test
    void a_host_without_powercap_or_without_a_package_zone_has_no_rapl_and_says_why() {
        assertThat(refusal(dir.resolve("absent"))).contains("there is no " + dir.resolve("absent"));
        new FakePowercap(dir).zone("intel-rapl:0", "psys", MAX, 0);
        assertThat(refusal(dir)).isEqualTo("no RAPL package zone under " + dir);
    }

    @Test
    void a_counter_that_is_not_a_number_is_named() throws IOException {
        new FakePowercap(dir).zone("intel-rapl:0", "package-0", MAX, 0);
        Files.writeString(dir.resolve("intel-rapl:0/energy_uj"), "garbage\n");

        assertThat(refusal(dir)).contains(dir.resolve("intel-rapl:0/energy_uj").toString()).contains("'garbage'");
    }

    @Test
    void a_counter_readable_by_root_only_is_named_with_what_to_do() throws IOException {
        assumeThat(System.getProperty("user.name")).as("root reads a 0400 file anyway").isNotEqualTo("root");
        new FakePowercap(dir).zone("intel-rapl:0", "package-0", MAX, 0);
        Path counter = dir.resolve("intel-rapl:0/energy_uj");
        Files.setPosixFilePermissions(counter, PosixFilePermissions.fromString("---------"));

        assertThat(refusal(dir)).startsWith("cannot read " + counter + ": permission denied").contains("run the node as root")
                .contains("chmod o+r " + counter).contains("udev rule");
    }

    @Test
    void the_permission_message_names_the_file_and_the_remedies_whoever_runs_the_test() {
        String message = RaplPowercap.unreadable(new java.nio.file.AccessDeniedException("/sys/class/powercap/intel-rapl:0/energy_uj"));

        assertThat(message).isEqualTo("cannot read /sys/class/powercap/intel-rapl:0/energy_uj: permission denied. Since Linux 5.10 (the PLATYPUS"
                + " fix, CVE-2020-8694) RAPL's energy_uj is readable by root only; run the node as root, or let its user read the counters:"
                + " chmod o+r /sys/class/powercap/intel-rapl:0/energy_uj after each boot, or a udev rule such as ACTION==\"add\","
                + " SUBSYSTEM==\"powercap\", RUN+=\"/bin/chmod o+r /sys/class/powercap/%k/energy_uj\"");
    }

    @Test
    void a_counter_that_disappears_after_open_fails_the_read_loudly() throws IOException {
        FakePowercap powercap = new FakePowercap(dir).zone("intel-rapl:0", "package-0", MAX, 0);
        RaplPowercap rapl = open(powercap);
        Files.delete(dir.resolve("intel-rapl:0/energy_uj"));
        clock.advance(Duration.ofSeconds(1));

        assertThatThrownBy(rapl::read).isInstanceOf(UncheckedIOException.class);
    }
}
