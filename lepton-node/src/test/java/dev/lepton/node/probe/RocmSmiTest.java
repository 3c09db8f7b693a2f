package dev.lepton.node.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.node.GpuDevice;
import dev.lepton.core.node.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import oshi.SystemInfo;

/** rocm-smi's JSON, from files written in its documented format (src/test/resources/rocm-smi/README.md). */
class RocmSmiTest {
    @TempDir
    Path dir;

    private static String output(String name) {
        return RocmSmiOutputs.read(name);
    }

    /** A script that stands in for rocm-smi: prints {@code output} when asked the device query, fails otherwise. */
    private RocmSmi answering(String output) throws IOException {
        Path json = Files.writeString(dir.resolve("answer.json"), output);
        return script("#!/bin/sh\n[ \"$*\" = \"" + String.join(" ", RocmSmi.DEVICE_QUERY) + "\" ] || { echo \"unexpected: $*\" >&2; exit 2; }\ncat '"
                + json + "'\n");
    }

    private RocmSmi script(String text) throws IOException {
        Path script = dir.resolve("rocm-smi");
        Files.writeString(script, text);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new RocmSmi(script, Duration.ofSeconds(10));
    }

    @Test
    void each_card_is_an_amd_gpu_with_its_series_memory_board_power_and_unique_id() {
        assertThat(RocmSmi.parse(output("two-mi300x.json"))).containsExactly(
                new GpuDevice(0, "GPU-18f68e602b8a790f", "AMD Instinct MI300X", 205_822_885_888L, 750, "amd.com/gpu"),
                new GpuDevice(1, "GPU-6f1a4b3c9d2e0817", "AMD Instinct MI300X", 205_822_885_888L, 750, "amd.com/gpu"));
    }

    @Test
    void an_older_release_in_lower_case_with_missing_figures_still_lists_its_cards_and_skips_what_does_not_parse() {
        assertThat(RocmSmi.parse(output("older-radeon.json"))).containsExactly(
                new GpuDevice(0, "rocm-card0", "Navi 21 [Radeon RX 6800/6800 XT / 6900 XT]", 17_163_091_968L, 0, "amd.com/gpu"));
    }

    @Test
    void output_that_is_no_json_means_no_devices() {
        assertThat(RocmSmi.parse("ERROR: GPU[0] : Unable to get product name\n")).isEmpty();
        assertThat(RocmSmi.parse("{\"card0\": ")).isEmpty();
    }

    @Test
    void the_probe_runs_rocm_smi_and_a_failing_one_means_no_devices_and_no_error() throws IOException {
        assertThat(answering(output("two-mi300x.json")).devices()).hasSize(2);
        assertThat(script("#!/bin/sh\necho 'rocm-smi: amdgpu driver not loaded' >&2\nexit 1\n").devices()).isEmpty();
    }

    @Test
    void without_rocm_smi_on_the_path_there_is_no_probe() throws IOException {
        assertThat(RocmSmi.locate(dir.toString())).isEmpty();
        assertThat(RocmSmi.locate("")).isEmpty();
        script("#!/bin/sh\nexit 0\n");
        assertThat(RocmSmi.locate(dir.toString())).isPresent();
    }

    @Test
    void a_machine_with_amd_gpus_offers_them_as_amd_com_gpu_after_its_nvidia_gpus() throws IOException {
        NvidiaSmi nvidia = FakeNvidiaSmi.answering(dir, FakeNvidiaSmi.TWO_GPUS, FakeNvidiaSmi.TWO_GPUS_BUSY);
        RocmSmi amd = answering(output("two-mi300x.json"));

        Node node = new NodeProbe(new SystemInfo(), Optional.of(nvidia), Optional.of(amd)).detect();

        assertThat(node.allocatable().accelerators().asMap()).containsExactly(Map.entry("amd.com/gpu", 2), Map.entry("nvidia.com/gpu", 2));
        assertThat(node.gpus()).extracting(g -> g.index() + ":" + g.resource()).containsExactly(
                "0:nvidia.com/gpu", "1:nvidia.com/gpu", "2:amd.com/gpu", "3:amd.com/gpu");
        assertThat(new NodeProbe(new SystemInfo(), Optional.empty(), Optional.of(amd)).detect().gpus())
                .extracting(GpuDevice::index).containsExactly(0, 1);
    }

    @Test
    void a_newer_device_reports_its_current_socket_power_and_one_without_a_power_figure_reports_none() {
        assertThat(RocmSmi.parseUsage(output("usage-mi300x.json"))).containsExactly(
                new GpuUsage(0, 0.87, 171_798_691_840L, OptionalDouble.of(612.0)),
                new GpuUsage(1, 0.40, 68_719_476_736L, OptionalDouble.empty()));
    }

    @Test
    void an_older_release_reports_average_power_and_a_second_die_counts_nothing_since_its_primary_reports_the_package() {
        assertThat(RocmSmi.parseUsage(output("usage-mi250x.json"))).containsExactly(
                new GpuUsage(0, 1.0, 34_359_738_368L, OptionalDouble.of(390.0)),
                new GpuUsage(1, 0.95, 34_359_738_368L, OptionalDouble.of(0)),
                new GpuUsage(2, 0, 0, OptionalDouble.empty()));
    }

    @Test
    void the_usage_query_runs_rocm_smi_with_power_use_and_memory_in_json() throws IOException {
        Path json = Files.writeString(dir.resolve("usage.json"), output("usage-mi300x.json"));
        RocmSmi smi = script("#!/bin/sh\n[ \"$*\" = \"--showpower --showuse --showmeminfo vram --json\" ] || exit 2\ncat '" + json + "'\n");

        assertThat(String.join(" ", RocmSmi.USAGE_QUERY)).isEqualTo("--showpower --showuse --showmeminfo vram --json");
        assertThat(smi.usage()).extracting(GpuUsage::index).containsExactly(0, 1);
        assertThat(script("#!/bin/sh\nexit 1\n").usage()).isEmpty();
    }
}
