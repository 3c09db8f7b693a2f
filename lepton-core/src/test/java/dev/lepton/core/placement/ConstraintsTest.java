package dev.lepton.core.placement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.node.GpuDevice;
import dev.lepton.core.node.Node;
import dev.lepton.core.node.NodeCondition;
import dev.lepton.core.node.Taint;
import dev.lepton.core.node.Tier;
import dev.lepton.core.resource.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Where a job may run: labels, taints, tier, region, GPU model; and how scorers rank what remains. */
class ConstraintsTest {
    static Node node(String name, String model, int gpus, Map<String, String> labels, Set<Taint> taints, Tier tier, String region,
                     double price, double watts) {
        List<GpuDevice> devices = new ArrayList<>();
        for (int i = 0; i < gpus; i++) {
            devices.add(new GpuDevice(i, name + "-gpu" + i, model, 80L << 30, watts));
        }
        return new Node(name, new Resources(32_000, 256L << 30, gpus), devices, labels, taints, tier, region, price, NodeCondition.READY);
    }

    static final Node H100_EU = node("h100-eu", "H100", 8, Map.of("team", "vision"), Set.of(), Tier.DATACENTER, "eu-north", 12, 700);
    static final Node A100_US = node("a100-us", "A100", 8, Map.of(), Set.of(new Taint("reserved", "batch")), Tier.DATACENTER, "us-east", 4, 400);
    static final Node EDGE = node("edge-1", "T4", 1, Map.of(), Set.of(), Tier.EDGE, "eu-north", 1, 70);
    static final ClusterSnapshot CLUSTER = new ClusterSnapshot(List.of(NodeState.idle(H100_EU), NodeState.idle(A100_US), NodeState.idle(EDGE)));

    static PlacementOutcome place(Placement placement, int gpus, Constraints constraints) {
        return placement.place(CLUSTER, new PlacementRequest("ml/job", new Resources(1_000, 1L << 30, gpus), 1, constraints));
    }

    static Constraints constraints(Map<String, String> selector, Set<Taint> tolerations, Tier tier, Set<String> regions, Set<String> models) {
        return new Constraints(selector, tolerations, Optional.ofNullable(tier), regions, models);
    }

    static String nodeOf(PlacementOutcome outcome) {
        return ((PlacementOutcome.Placed) outcome).assignments().getFirst().node();
    }

    @Test
    void each_constraint_rules_out_nodes_with_a_reason() {
        PlacementOutcome selector = place(Placement.standard(), 1, constraints(Map.of("team", "nlp"), Set.of(), null, Set.of(), Set.of()));
        assertThat(selector).isInstanceOf(PlacementOutcome.Infeasible.class);
        assertThat(selector.verdicts()).extracting(v -> v.rejection().orElse("")).contains("lacks label team=nlp");

        PlacementOutcome models = place(Placement.standard(), 1, constraints(Map.of(), Set.of(), null, Set.of(), Set.of("A100")));
        assertThat(models).isInstanceOf(PlacementOutcome.Infeasible.class);
        assertThat(models.summary()).contains("has taint reserved=batch that the job does not tolerate").contains("the job needs {A100}");

        PlacementOutcome tolerated = place(Placement.standard(), 1, constraints(Map.of(), Set.of(new Taint("reserved", "batch")), null, Set.of(),
                Set.of("A100")));
        assertThat(nodeOf(tolerated)).isEqualTo("a100-us");

        assertThat(nodeOf(place(Placement.standard(), 1, constraints(Map.of(), Set.of(), Tier.EDGE, Set.of(), Set.of())))).isEqualTo("edge-1");
        PlacementOutcome region = place(Placement.standard(), 2, constraints(Map.of(), Set.of(new Taint("reserved", "batch")), null,
                Set.of("eu-north"), Set.of()));
        assertThat(nodeOf(region)).isEqualTo("h100-eu");
        assertThat(region.verdicts()).anySatisfy(v -> assertThat(v.rejection()).contains("is in region us-east, the job allows {eu-north}"));
    }

    @Test
    void scorers_prefer_cheap_clean_and_efficient_nodes_as_weighted() {
        Constraints tolerant = constraints(Map.of(), Set.of(new Taint("reserved", "batch")), null, Set.of(), Set.of());
        assertThat(nodeOf(place(Placement.scoredBy(Scorers.COST), 1, tolerant))).isEqualTo("edge-1");
        NodeScorer carbon = Scorers.carbon(() -> Map.of("eu-north", 30.0, "us-east", 380.0));
        assertThat(nodeOf(place(Placement.scoredBy(carbon), 2, tolerant))).isEqualTo("h100-eu");
        // An H100 at 700 W does 989 TFLOPS, 1.41 a watt; an A100 at 400 W 312, 0.78 a watt: the same work takes less energy on the H100.
        assertThat(nodeOf(place(Placement.scoredBy(Scorers.ENERGY), 2, tolerant))).isEqualTo("h100-eu");
        NodeScorer mixed = Scorers.weighted(Map.of(carbon, 3.0, Scorers.COST, 1.0));
        assertThat(nodeOf(place(Placement.scoredBy(mixed), 2, tolerant))).isEqualTo("h100-eu");
        assertThat(Scorers.SPREAD.score(NodeState.idle(H100_EU), new PlacementRequest("j", new Resources(1_000, 0, 1), 1)))
                .isGreaterThan(Scorers.BIN_PACK.score(NodeState.idle(H100_EU), new PlacementRequest("j", new Resources(1_000, 0, 1), 1)));
    }

    @Test
    void the_carbon_scorer_follows_the_grid_hour_by_hour() {
        Constraints tolerant = constraints(Map.of(), Set.of(new Taint("reserved", "batch")), null, Set.of(), Set.of());
        AtomicReference<Map<String, Double>> grid = new AtomicReference<>(Map.of("eu-north", 30.0, "us-east", 380.0));
        Placement placement = Placement.scoredBy(Scorers.carbon(grid::get));
        assertThat(nodeOf(place(placement, 2, tolerant))).isEqualTo("h100-eu");
        // The wind drops in the north and the sun rises in the east: the same placement now prefers the east.
        grid.set(Map.of("eu-north", 420.0, "us-east", 90.0));
        assertThat(nodeOf(place(placement, 2, tolerant))).isEqualTo("a100-us");
        // A region the grid does not know counts as the average of those it does.
        grid.set(Map.of("us-east", 300.0, "ap-south", 100.0));
        assertThat(nodeOf(place(placement, 2, tolerant))).isEqualTo("h100-eu");
    }
}
