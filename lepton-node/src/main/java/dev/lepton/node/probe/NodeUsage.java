package dev.lepton.node.probe;

import java.util.List;

/** How busy this machine is at a sample: CPU utilisation as a fraction of 1, memory in use, and each GPU. */
public record NodeUsage(double cpuUtilization, long memoryUsedBytes, List<GpuUsage> gpus) {
    public NodeUsage {
        gpus = List.copyOf(gpus);
        if (!(cpuUtilization >= 0 && cpuUtilization <= 1) || memoryUsedBytes < 0) {
            throw new IllegalArgumentException("invalid node usage: cpu " + cpuUtilization + ", memory " + memoryUsedBytes);
        }
    }
}
