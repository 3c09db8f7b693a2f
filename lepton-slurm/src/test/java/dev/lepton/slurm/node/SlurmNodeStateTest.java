package dev.lepton.slurm.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.node.NodeCondition;
import dev.lepton.slurm.node.SlurmNodeState.Base;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SlurmNodeStateTest {
    @Test
    void idle_mixed_and_allocated_nodes_take_jobs() {
        assertThat(SlurmNodeState.parse("IDLE").acceptsJobs()).isTrue();
        assertThat(SlurmNodeState.parse("MIXED").acceptsJobs()).isTrue();
        assertThat(SlurmNodeState.parse("ALLOCATED").acceptsJobs()).isTrue();
        assertThat(SlurmNodeState.parse("IDLE+PLANNED").acceptsJobs()).isTrue();
        assertThat(SlurmNodeState.parse("MIXED+COMPLETING").acceptsJobs()).isTrue();
    }

    @Test
    void a_drain_flag_keeps_jobs_out_whatever_the_base() {
        assertThat(SlurmNodeState.parse("IDLE+DRAIN")).isEqualTo(new SlurmNodeState(Base.IDLE, Set.of("DRAIN")));
        assertThat(SlurmNodeState.parse("MIXED+DRAIN").acceptsJobs()).isFalse();
        assertThat(SlurmNodeState.parse("IDLE+DRAIN").acceptsJobs()).isFalse();
    }

    @Test
    void sinfos_combined_names_read_as_base_and_flag() {
        assertThat(SlurmNodeState.parse("DRAINED")).isEqualTo(new SlurmNodeState(Base.IDLE, Set.of("DRAIN")));
        assertThat(SlurmNodeState.parse("DRAINING")).isEqualTo(new SlurmNodeState(Base.ALLOCATED, Set.of("DRAIN")));
        assertThat(SlurmNodeState.parse("drain")).isEqualTo(new SlurmNodeState(Base.IDLE, Set.of("DRAIN")));
        assertThat(SlurmNodeState.parse("mix")).isEqualTo(new SlurmNodeState(Base.MIXED, Set.of()));
    }

    @Test
    void a_star_means_the_node_does_not_respond() {
        assertThat(SlurmNodeState.parse("IDLE*")).isEqualTo(new SlurmNodeState(Base.IDLE, Set.of("NOT_RESPONDING")));
        assertThat(SlurmNodeState.parse("DOWN*+DRAIN")).isEqualTo(new SlurmNodeState(Base.DOWN, Set.of("NOT_RESPONDING", "DRAIN")));
        assertThat(SlurmNodeState.parse("IDLE*").acceptsJobs()).isFalse();
        assertThat(SlurmNodeState.parse("DOWN+NOT_RESPONDING").acceptsJobs()).isFalse();
    }

    @Test
    void down_future_powered_down_and_unknown_states_take_no_jobs() {
        assertThat(SlurmNodeState.parse("DOWN").acceptsJobs()).isFalse();
        assertThat(SlurmNodeState.parse("FUTURE").acceptsJobs()).isFalse();
        assertThat(SlurmNodeState.parse("IDLE+POWERED_DOWN").acceptsJobs()).isFalse();
        assertThat(SlurmNodeState.parse("IDLE+MAINT").acceptsJobs()).isFalse();
        assertThat(SlurmNodeState.parse("UNKNOWN").acceptsJobs()).isFalse();
        assertThat(SlurmNodeState.parse("BLOSSOMING")).isEqualTo(new SlurmNodeState(Base.UNKNOWN, Set.of("BLOSSOMING")));
    }

    @Test
    void only_a_down_node_loses_what_runs_there_a_drained_or_silent_one_keeps_it_until_slurm_says_down() {
        assertThat(SlurmNodeState.parse("MIXED").condition()).isEqualTo(NodeCondition.READY);
        assertThat(SlurmNodeState.parse("MIXED+DRAIN").condition()).isEqualTo(NodeCondition.UNSCHEDULABLE);
        assertThat(SlurmNodeState.parse("ALLOCATED*").condition()).isEqualTo(NodeCondition.UNSCHEDULABLE);
        assertThat(SlurmNodeState.parse("IDLE+POWERED_DOWN").condition()).isEqualTo(NodeCondition.UNSCHEDULABLE);
        assertThat(SlurmNodeState.parse("DOWN").condition()).isEqualTo(NodeCondition.DOWN);
        assertThat(SlurmNodeState.parse("DOWN*+DRAIN").condition()).isEqualTo(NodeCondition.DOWN);
    }

    @Test
    void it_prints_as_slurm_writes_it() {
        assertThat(SlurmNodeState.parse("MIXED+DRAIN")).hasToString("MIXED+DRAIN");
        assertThat(SlurmNodeState.parse("IDLE")).hasToString("IDLE");
    }
}
