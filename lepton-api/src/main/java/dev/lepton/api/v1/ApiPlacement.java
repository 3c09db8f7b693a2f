package dev.lepton.api.v1;

import java.util.List;
import java.util.Map;

/**
 * Where a job may run: nodes with all of {@code nodeSelector}'s labels, whose taints it tolerates
 * ({@code key=value}), in {@code tier} ({@code datacenter} or {@code edge}), one of {@code regions},
 * with GPUs of one of {@code gpuModels}. Absent means "any".
 */
public record ApiPlacement(Map<String, String> nodeSelector, List<String> tolerations, String tier, List<String> regions,
                           List<String> gpuModels) {}
