package dev.lepton.server.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.carbon.CarbonIntensitySource;
import dev.lepton.core.carbon.HourlyIntensity;
import dev.lepton.core.carbon.Intensity;
import dev.lepton.core.carbon.IntensitySeries;
import dev.lepton.core.carbon.StaticIntensity;
import dev.lepton.core.node.Node;
import dev.lepton.core.node.NodeCondition;
import dev.lepton.core.node.Tier;
import dev.lepton.core.resource.Resources;
import dev.lepton.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class GridNowTest {
    private final FakeClock clock = new FakeClock();
    private final AtomicReference<List<Node>> nodes = new AtomicReference<>(List.of(node("a", "ES"), node("b", "local")));

    private static Node node(String name, String region) {
        return new Node(name, new Resources(4_000, 8L << 30, 0), List.of(), Map.of(), Set.of(), Tier.DATACENTER, region, 0, NodeCondition.READY);
    }

    @Test
    void the_scorer_sees_each_hour_of_the_series_and_asks_the_sources_once_an_hour() {
        AtomicInteger asked = new AtomicInteger();
        IntensitySeries series = IntensitySeries.of("ES", "test", FakeClock.START, 300, 90, 250);
        CarbonIntensitySource counted = CarbonIntensitySource.inOrder(List.of(series.forRegion("ES"), new StaticIntensity(Map.of())));
        CarbonIntensitySource source = new CarbonIntensitySource() {
            @Override
            public Optional<Intensity> intensity(String region, Instant at) {
                asked.incrementAndGet();
                return counted.intensity(region, at);
            }

            @Override
            public List<HourlyIntensity> hourly(String region, Instant from, Instant to) {
                return counted.hourly(region, from, to);
            }
        };
        GridNow grid = new GridNow(source, nodes::get, clock);

        // "local" has no source: it is left out, and the scorer counts it as the average of the rest.
        assertThat(grid.get()).isEqualTo(Map.of("ES", 300.0));
        clock.advance(Duration.ofMinutes(59));
        assertThat(grid.get()).isEqualTo(Map.of("ES", 300.0));
        assertThat(asked).hasValue(2);
        clock.advance(Duration.ofMinutes(1));
        assertThat(grid.get()).isEqualTo(Map.of("ES", 90.0));
        assertThat(asked).hasValue(4);

        // A node that joins (a new list, as a source hands one) is asked about at once, without waiting for the hour.
        nodes.set(List.of(node("a", "ES"), node("b", "local"), node("c", "FR")));
        grid.get();
        assertThat(asked).hasValue(7);
    }
}
