package dev.lepton.api.v1;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code kind: Node}: a machine, where it sits (labels, taints, tier, grid region, price per hour),
 * what it offers, what is allocated and what it is using now. {@code resourceEnforcement} says how it
 * holds workers to their CPU and memory: {@code cgroup-v2}, {@code cgroup-v1}, or {@code watch}
 * (sampled memory, killed when over). {@code workerIsolation} says how workers are isolated:
 * {@code sandbox} (each project's own unprivileged user, in a bubblewrap sandbox), {@code project-user}
 * (each project's own unprivileged user) or {@code none} (the server's own). {@code condition} is how the
 * scheduler sees it: {@code Ready}, {@code Unschedulable} (takes no new work), {@code Draining} (what runs there
 * moves elsewhere) or {@code Down} (what ran there is lost); {@code healthy} is {@code condition == Ready};
 * {@code cordon} is the operator's hold on it, if any. {@code gpus} and {@code gpusAllocated} count accelerator
 * devices of every name; {@code accelerators} and {@code acceleratorsAllocated} count them by resource name
 * ({@code nvidia.com/gpu}, {@code amd.com/gpu}, …).
 */
public record ApiNode(String kind, String name, Map<String, String> labels, List<String> taints, String tier, String region,
                      double pricePerHour, boolean healthy, String condition, ApiNodeCordon cordon,
                      String cpu, String memory, int gpus, List<ApiGpu> gpuDevices,
                      String cpuAllocated, String memoryAllocated, int gpusAllocated,
                      Double cpuUtilization, Long memoryUsedBytes, Instant heartbeatAt, String resourceEnforcement,
                      String workerIsolation, Map<String, Integer> accelerators, Map<String, Integer> acceleratorsAllocated) {
    /** A node whose accelerators are not told by name. */
    public ApiNode(String kind, String name, Map<String, String> labels, List<String> taints, String tier, String region,
                   double pricePerHour, boolean healthy, String condition, ApiNodeCordon cordon,
                   String cpu, String memory, int gpus, List<ApiGpu> gpuDevices,
                   String cpuAllocated, String memoryAllocated, int gpusAllocated,
                   Double cpuUtilization, Long memoryUsedBytes, Instant heartbeatAt, String resourceEnforcement,
                   String workerIsolation) {
        this(kind, name, labels, taints, tier, region, pricePerHour, healthy, condition, cordon, cpu, memory, gpus, gpuDevices,
                cpuAllocated, memoryAllocated, gpusAllocated, cpuUtilization, memoryUsedBytes, heartbeatAt, resourceEnforcement,
                workerIsolation, null, null);
    }
}
