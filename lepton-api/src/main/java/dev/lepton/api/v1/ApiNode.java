package dev.lepton.api.v1;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code kind: Node}: a machine, where it sits (labels, taints, tier, grid region, price per hour),
 * what it offers, what is allocated and what it is using now.
 */
public record ApiNode(String kind, String name, Map<String, String> labels, List<String> taints, String tier, String region,
                      double pricePerHour, boolean healthy,
                      String cpu, String memory, int gpus, List<ApiGpu> gpuDevices,
                      String cpuAllocated, String memoryAllocated, int gpusAllocated,
                      Double cpuUtilization, Long memoryUsedBytes, Instant heartbeatAt) {}
