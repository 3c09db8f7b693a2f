package dev.lepton.core.node;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What an operator declares about a node that no probe can find, as kubelet's {@code --node-labels}
 * and {@code --register-with-taints} do: labels (added to the probed ones), taints, the tier, the grid
 * region its power comes from and its price per hour.
 */
public record NodeSettings(Map<String, String> labels, Set<Taint> taints, Tier tier, String region, double pricePerHour) {
    /** Nothing declared: a data-centre node in the default region, without taints or price. */
    public static final NodeSettings NONE = new NodeSettings(Map.of(), Set.of(), Tier.DATACENTER, Node.DEFAULT_REGION, 0);

    public NodeSettings {
        labels = Map.copyOf(labels);
        labels.keySet().stream().filter(key -> !Labels.isKey(key)).findFirst().ifPresent(key -> {
            throw new IllegalArgumentException("labels: " + Labels.KEY_RULE + " (got '" + key + "')");
        });
        taints = Set.copyOf(taints);
        requireNonNull(tier, "tier is null");
        requireNonNull(region, "region is null");
        if (region.isBlank()) {
            throw new IllegalArgumentException("region: must not be blank");
        }
        if (!Double.isFinite(pricePerHour) || pricePerHour < 0) {
            throw new IllegalArgumentException("pricePerHour: must be a number >= 0 (got " + pricePerHour + ")");
        }
    }

    /** The probed node as declared: its labels plus these (these win), and these taints, tier, region and price. */
    public Node applyTo(Node probed) {
        Map<String, String> merged = new HashMap<>(probed.labels());
        merged.putAll(labels);
        return new Node(probed.name(), probed.allocatable(), probed.gpus(), merged, taints, tier, region, pricePerHour, probed.condition());
    }
}
