package dev.lepton.core.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.core.resource.Resources;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeSettingsTest {
    final Node probed = new Node("ws", new Resources(8_000, 32L << 30, 0), List.of(), Map.of("lepton.dev/os", "linux", "site", "probe"), NodeCondition.READY);

    @Test
    void declared_settings_add_to_what_the_probe_found_and_win_where_they_overlap() {
        NodeSettings declared = new NodeSettings(Map.of("site", "lab", "rack", "r7"), Set.of(new Taint("dedicated", "vision")), Tier.EDGE,
                "eu-north", 1.5);

        Node node = declared.applyTo(probed);

        assertThat(node.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("lepton.dev/os", "linux", "site", "lab", "rack", "r7"));
        assertThat(node.taints()).containsExactly(new Taint("dedicated", "vision"));
        assertThat(node.tier()).isEqualTo(Tier.EDGE);
        assertThat(node.region()).isEqualTo("eu-north");
        assertThat(node.pricePerHour()).isEqualTo(1.5);
        assertThat(node.allocatable()).isEqualTo(probed.allocatable());
    }

    @Test
    void nothing_declared_leaves_a_datacenter_node_in_the_default_region() {
        Node node = NodeSettings.NONE.applyTo(probed);

        assertThat(node).isEqualTo(probed);
    }

    @Test
    void a_refusal_names_the_field_and_the_value() {
        assertThatThrownBy(() -> new NodeSettings(Map.of("bad key", "x"), Set.of(), Tier.DATACENTER, "local", 0))
                .hasMessage("labels: keys are 1-63 letters, digits, '.', '_', '/' or '-' (got 'bad key')");
        assertThatThrownBy(() -> new NodeSettings(Map.of(), Set.of(), Tier.DATACENTER, " ", 0)).hasMessage("region: must not be blank");
        assertThatThrownBy(() -> new NodeSettings(Map.of(), Set.of(), Tier.DATACENTER, "local", -2))
                .hasMessage("pricePerHour: must be a number >= 0 (got -2.0)");
    }

    @Test
    void tiers_and_taints_are_read_as_people_write_them() {
        assertThat(Tier.parse("Edge")).isEqualTo(Tier.EDGE);
        assertThatThrownBy(() -> Tier.parse("moon")).hasMessage("use datacenter or edge");
        assertThat(Taint.parse("gpu=a=b")).isEqualTo(new Taint("gpu", "a=b"));
        assertThatThrownBy(() -> Taint.parse("=x")).hasMessage("write key=value");
    }
}
