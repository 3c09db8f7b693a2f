package dev.lepton.node.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.node.GpuDevice;
import dev.lepton.core.node.Node;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import oshi.SystemInfo;

class NodeProbeTest {
    private static final SystemInfo SYSTEM = new SystemInfo();

    @TempDir
    Path dir;

    @Test
    void this_machine_offers_every_logical_cpu_and_all_its_memory() {
        Node node = new NodeProbe(SYSTEM, Optional.empty()).detect();

        int cpus = SYSTEM.getHardware().getProcessor().getLogicalProcessorCount();
        assertThat(node.allocatable().cpuMillis()).isEqualTo(cpus * 1000L).isPositive();
        assertThat(node.allocatable().memoryBytes()).isEqualTo(SYSTEM.getHardware().getMemory().getTotal()).isPositive();
        assertThat(node.gpus()).isEmpty();
        assertThat(node.name()).isNotBlank();
        assertThat(node.healthy()).isTrue();
        assertThat(node.labels()).containsKeys(NodeProbe.OS_LABEL, NodeProbe.ARCH_LABEL);
    }

    @Test
    void gpus_listed_by_nvidia_smi_become_allocatable() throws IOException {
        NvidiaSmi smi = FakeNvidiaSmi.answering(dir, FakeNvidiaSmi.TWO_GPUS, FakeNvidiaSmi.TWO_GPUS_BUSY);

        Node node = new NodeProbe(SYSTEM, Optional.of(smi)).detect();

        assertThat(node.allocatable().gpus()).isEqualTo(2);
        assertThat(node.gpus()).extracting(GpuDevice::model).containsExactly("NVIDIA H100 80GB HBM3", "NVIDIA A100-SXM4-40GB");
    }

    @Test
    void utilization_samples_cpu_memory_and_gpus() throws IOException {
        NvidiaSmi smi = FakeNvidiaSmi.answering(dir, FakeNvidiaSmi.TWO_GPUS, FakeNvidiaSmi.TWO_GPUS_BUSY);
        NodeUtilization utilization = new NodeUtilization(SYSTEM, Optional.of(smi));

        NodeUsage usage = utilization.sample();

        assertThat(usage.cpuUtilization()).isBetween(0.0, 1.0);
        assertThat(usage.memoryUsedBytes()).isPositive();
        assertThat(usage.gpus()).extracting(GpuUsage::index).containsExactly(0, 1);
    }
}
