package dev.lepton.slurm.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GangLayoutTest {
    @Test
    void workers_that_fill_the_nodes_in_turn_are_a_layout() {
        GangLayout layout = GangLayout.ofWorkers(List.of("a", "a", "b", "b"));

        assertThat(layout).isEqualTo(new GangLayout(List.of("a", "b"), 2));
        assertThat(layout.tasks()).isEqualTo(4);
        assertThat(layout.nodeOfRanks()).containsExactly("a", "a", "b", "b");
        assertThat(GangLayout.ofWorkers(List.of("vm"))).isEqualTo(GangLayout.single("vm"));
    }

    @Test
    void different_counts_per_node_are_refused_saying_why() {
        assertThatThrownBy(() -> GangLayout.ofWorkers(List.of("a", "a", "b")))
                .hasMessage("Slurm runs the same number of tasks on each node of a job, ranks node by node; "
                        + "this placement is [a, a, b] (tasks per node: {a=2, b=1})");
    }

    @Test
    void ranks_that_alternate_between_nodes_are_refused() {
        assertThatThrownBy(() -> GangLayout.ofWorkers(List.of("a", "b", "a", "b"))).hasMessageContaining("ranks node by node");
    }

    @Test
    void nodes_are_listed_once_and_named_as_slurm_names_them() {
        assertThatThrownBy(() -> new GangLayout(List.of("a", "a"), 1)).hasMessageContaining("each node once");
        assertThatThrownBy(() -> new GangLayout(List.of("a,b"), 1)).hasMessageContaining("not a Slurm node name: 'a,b'");
        assertThatThrownBy(() -> new GangLayout(List.of(), 1)).hasMessageContaining("at least one node");
    }
}
