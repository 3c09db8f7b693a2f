package dev.lepton.core.placement;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.node.Taint;
import dev.lepton.core.node.Tier;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where a job may run: nodes with these labels, tolerating these taints, in this tier and one of
 * these regions, with GPUs of one of these models. Empty means "any".
 */
public record Constraints(Map<String, String> nodeSelector, Set<Taint> tolerations, Optional<Tier> tier, Set<String> regions,
                          Set<String> gpuModels) {
    public static final Constraints NONE = new Constraints(Map.of(), Set.of(), Optional.empty(), Set.of(), Set.of());

    public Constraints {
        nodeSelector = Map.copyOf(nodeSelector);
        tolerations = Set.copyOf(tolerations);
        requireNonNull(tier, "tier is null");
        regions = Set.copyOf(regions);
        gpuModels = Set.copyOf(gpuModels);
    }
}
