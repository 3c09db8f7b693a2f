package dev.lepton.node.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lepton.core.node.GpuDevice;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NvidiaSmiTest {
    private static final long MIB = 1024L * 1024;

    @TempDir
    Path dir;

    @Test
    void devices_are_parsed_and_lines_that_are_not_gpus_skipped() throws IOException {
        NvidiaSmi smi = FakeNvidiaSmi.answering(dir, FakeNvidiaSmi.TWO_GPUS, FakeNvidiaSmi.TWO_GPUS_BUSY);

        assertThat(smi.devices()).containsExactly(
                new GpuDevice(0, "GPU-6f1c2a9e-0000-1111-2222-333344445555", "NVIDIA H100 80GB HBM3", 81559 * MIB, 700.0),
                new GpuDevice(1, "GPU-aa00bb11-0000-1111-2222-333344445555", "NVIDIA A100-SXM4-40GB", 40960 * MIB, 0.0));
    }

    @Test
    void usage_is_parsed_with_unmeasured_power_left_empty() throws IOException {
        NvidiaSmi smi = FakeNvidiaSmi.answering(dir, FakeNvidiaSmi.TWO_GPUS, FakeNvidiaSmi.TWO_GPUS_BUSY);

        List<GpuUsage> usage = smi.usage();

        assertThat(usage).hasSize(2);
        assertThat(usage.get(0).utilization()).isCloseTo(0.35, within(1e-9));
        assertThat(usage.get(0).memoryUsedBytes()).isEqualTo(1024 * MIB);
        assertThat(usage.get(0).powerWatts()).isEqualTo(OptionalDouble.of(68.53));
        assertThat(usage.get(1)).isEqualTo(new GpuUsage(1, 0, 0, OptionalDouble.empty()));
    }

    @Test
    void a_gpu_name_with_commas_keeps_them() {
        GpuDevice device = NvidiaSmi.device(List.of("3", "GPU-x", "Odd", " Name", "1024", "300"));

        assertThat(device.model()).isEqualTo("Odd, Name");
        assertThat(device.memoryBytes()).isEqualTo(1024 * MIB);
    }

    @Test
    void compute_processes_are_parsed_with_memory_in_bytes_and_unreported_memory_as_zero() {
        assertThat(NvidiaSmi.process(List.of("GPU-6f1c2a9e", "4242", "1536"))).isEqualTo(new GpuProcess("GPU-6f1c2a9e", 4242, 1536 * MIB));
        assertThat(NvidiaSmi.process(List.of("GPU-6f1c2a9e", "4243", "[N/A]")).usedMemoryBytes()).isZero();
        assertThat(NvidiaSmi.parse("GPU-a, 1, 2\nnot, a, process\n", NvidiaSmi::process)).containsExactly(new GpuProcess("GPU-a", 1, 2 * MIB));
    }

    @Test
    void a_failing_or_missing_nvidia_smi_means_no_gpus() throws IOException {
        assertThat(FakeNvidiaSmi.failing(dir).devices()).isEmpty();
        assertThat(FakeNvidiaSmi.failing(dir).usage()).isEmpty();
        assertThat(FakeNvidiaSmi.failing(dir).processes()).isEmpty();
        assertThat(new NvidiaSmi(dir.resolve("absent"), Duration.ofSeconds(1)).devices()).isEmpty();
    }
}
