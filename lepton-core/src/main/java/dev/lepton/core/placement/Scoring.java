package dev.lepton.core.placement;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * How a queue ranks the nodes that can take its work: weights of the named scorers, e.g.
 * {@code {binPack: 1, energy: 2}}. A weighted mean, so only the ratios matter. Without weights a
 * queue bin-packs.
 */
public record Scoring(Map<String, Double> weights) {
    public static final String BIN_PACK = "binPack";
    public static final String SPREAD = "spread";
    public static final String ENERGY = "energy";
    public static final String CARBON = "carbon";
    public static final String COST = "cost";
    public static final List<String> NAMES = List.of(BIN_PACK, SPREAD, ENERGY, CARBON, COST);
    public static final Scoring DEFAULT = new Scoring(Map.of(BIN_PACK, 1.0));

    public Scoring {
        weights = Map.copyOf(new TreeMap<>(requireNonNull(weights, "weights is null")));
    }

    /** Why these weights are not usable, naming the weight at fault under {@code field}; empty when they are. */
    public static Optional<String> problem(String field, Map<String, Double> weights) {
        for (Map.Entry<String, Double> w : weights.entrySet()) {
            if (!NAMES.contains(w.getKey())) {
                return Optional.of(field + "." + w.getKey() + ": unknown scorer; known: " + String.join(", ", NAMES));
            }
            if (w.getValue() == null || !Double.isFinite(w.getValue()) || w.getValue() < 0) {
                return Optional.of(field + "." + w.getKey() + ": a weight is a number >= 0 (got " + w.getValue() + ")");
            }
        }
        if (weights.values().stream().mapToDouble(Double::doubleValue).sum() <= 0) {
            return Optional.of(field + ": at least one weight must be above 0 (got " + weights + ")");
        }
        return Optional.empty();
    }

    /** The scorer these weights make; {@code carbonByRegion} gives each region's grid intensity now (gCO2e/kWh). */
    public NodeScorer scorer(Supplier<Map<String, Double>> carbonByRegion) {
        if (weights.size() == 1 && weights.containsKey(BIN_PACK)) {
            return Scorers.BIN_PACK;
        }
        Map<NodeScorer, Double> byScorer = new LinkedHashMap<>();
        weights.forEach((name, weight) -> byScorer.put(named(name, carbonByRegion), weight));
        return Scorers.weighted(byScorer);
    }

    /** What each weighted scorer alone thinks of the node for this request, by name: the parts of its score. */
    public Map<String, Double> parts(NodeState node, PlacementRequest request, Supplier<Map<String, Double>> carbonByRegion) {
        Map<String, Double> parts = new TreeMap<>();
        weights.keySet().forEach(name -> parts.put(name, named(name, carbonByRegion).score(node, request)));
        return parts;
    }

    private static NodeScorer named(String name, Supplier<Map<String, Double>> carbonByRegion) {
        return switch (name) {
            case BIN_PACK -> Scorers.BIN_PACK;
            case SPREAD -> Scorers.SPREAD;
            case ENERGY -> Scorers.ENERGY;
            case CARBON -> Scorers.carbon(carbonByRegion);
            case COST -> Scorers.COST;
            default -> throw new IllegalArgumentException("unknown scorer '" + name + "'; known: " + String.join(", ", NAMES));
        };
    }
}
