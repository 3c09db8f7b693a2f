package dev.lepton.server.scheduler;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.carbon.CarbonIntensitySource;
import dev.lepton.core.carbon.HourlyIntensity;
import dev.lepton.core.carbon.Intensity;
import dev.lepton.core.node.Node;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The carbon intensity of the nodes' grids this hour, for the {@code carbon} scorer: asked of the
 * intensity sources once an hour, or when the nodes change, since a scorer is asked for every node of
 * every placement (so an unchanged hour and node list, the same list object, costs two comparisons). A region no source knows is left out (the scorer counts it as the
 * average of the others).
 */
final class GridNow implements Supplier<Map<String, Double>> {
    private final CarbonIntensitySource source;
    private final Supplier<List<Node>> nodes;
    private final InstantSource clock;
    private volatile Snapshot last = new Snapshot(Instant.MIN, List.of(), Map.of());

    private record Snapshot(Instant hour, List<Node> nodes, Map<String, Double> gramsPerKwh) {}

    GridNow(CarbonIntensitySource source, Supplier<List<Node>> nodes, InstantSource clock) {
        this.source = requireNonNull(source, "source is null");
        this.nodes = requireNonNull(nodes, "nodes is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public Map<String, Double> get() {
        Instant now = clock.instant();
        Instant hour = HourlyIntensity.hourOf(now);
        List<Node> current = nodes.get();
        Snapshot snapshot = last;
        if (!snapshot.hour().equals(hour) || snapshot.nodes() != current) {
            Map<String, Double> grams = new TreeMap<>();
            current.stream().map(Node::region).distinct()
                    .forEach(r -> source.intensity(r, now).map(Intensity::gramsPerKwh).ifPresent(g -> grams.put(r, g)));
            snapshot = new Snapshot(hour, current, Map.copyOf(grams));
            last = snapshot;
        }
        return snapshot.gramsPerKwh();
    }
}
