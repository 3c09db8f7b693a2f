package dev.lepton.node.probe;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;

/**
 * Samples how busy this machine is. CPU utilisation is measured between consecutive samples (the
 * first against construction), so it is the average since the previous call, not an instant value.
 */
public final class NodeUtilization {
    private final CentralProcessor processor;
    private final GlobalMemory memory;
    private final Optional<NvidiaSmi> nvidiaSmi;
    private long[] previousTicks;

    public NodeUtilization(SystemInfo system, Optional<NvidiaSmi> nvidiaSmi) {
        requireNonNull(system, "system is null");
        this.processor = system.getHardware().getProcessor();
        this.memory = system.getHardware().getMemory();
        this.nvidiaSmi = requireNonNull(nvidiaSmi, "nvidiaSmi is null");
        this.previousTicks = processor.getSystemCpuLoadTicks();
    }

    public synchronized NodeUsage sample() {
        double cpu = processor.getSystemCpuLoadBetweenTicks(previousTicks);
        previousTicks = processor.getSystemCpuLoadTicks();
        List<GpuUsage> gpus = nvidiaSmi.map(NvidiaSmi::usage).orElse(List.of());
        // Clamped because OSHI answers slightly outside [0, 1] when tick counters move unevenly.
        return new NodeUsage(Double.isNaN(cpu) ? 0 : Math.clamp(cpu, 0.0, 1.0), memory.getTotal() - memory.getAvailable(), gpus);
    }
}
