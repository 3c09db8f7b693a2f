package dev.lepton.slurm.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.slurm.job.SlurmJobState.Phase;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SlurmJobStateTest {
    /** The table of squeue(1)'s JOB STATE CODES, in these words: a state added without a line here fails the test. */
    private static final Map<Phase, Set<SlurmJobState>> PHASES = Map.of(
            Phase.QUEUED, EnumSet.of(SlurmJobState.PENDING, SlurmJobState.CONFIGURING, SlurmJobState.REQUEUED, SlurmJobState.REQUEUE_HOLD,
                    SlurmJobState.REQUEUE_FED, SlurmJobState.RESV_DEL_HOLD, SlurmJobState.SPECIAL_EXIT),
            Phase.STARTED, EnumSet.of(SlurmJobState.RUNNING, SlurmJobState.SUSPENDED, SlurmJobState.STOPPED, SlurmJobState.SIGNALING,
                    SlurmJobState.RESIZING, SlurmJobState.STAGE_OUT, SlurmJobState.COMPLETING, SlurmJobState.UNKNOWN),
            Phase.ENDED, EnumSet.of(SlurmJobState.COMPLETED, SlurmJobState.FAILED, SlurmJobState.CANCELLED, SlurmJobState.TIMEOUT,
                    SlurmJobState.NODE_FAIL, SlurmJobState.OUT_OF_MEMORY, SlurmJobState.PREEMPTED, SlurmJobState.BOOT_FAIL,
                    SlurmJobState.DEADLINE, SlurmJobState.REVOKED, SlurmJobState.GONE));

    @Test
    void every_state_has_the_phase_of_the_table() {
        for (SlurmJobState state : SlurmJobState.values()) {
            assertThat(PHASES.get(state.phase())).as(state.name()).contains(state);
        }
        assertThat(PHASES.values().stream().mapToInt(Set::size).sum()).isEqualTo(SlurmJobState.values().length);
    }

    @Test
    void long_names_short_codes_and_sacct_decorations_read_alike() {
        assertThat(SlurmJobState.parse("CANCELLED by 0")).isEqualTo(SlurmJobState.CANCELLED);
        assertThat(SlurmJobState.parse("CANCELLED+")).isEqualTo(SlurmJobState.CANCELLED);
        assertThat(SlurmJobState.parse("CA")).isEqualTo(SlurmJobState.CANCELLED);
        assertThat(SlurmJobState.parse("PD")).isEqualTo(SlurmJobState.PENDING);
        assertThat(SlurmJobState.parse("OOM")).isEqualTo(SlurmJobState.OUT_OF_MEMORY);
        assertThat(SlurmJobState.parse("out_of_memory")).isEqualTo(SlurmJobState.OUT_OF_MEMORY);
    }

    @Test
    void a_state_nobody_knows_yet_counts_as_started_and_gone_is_never_read_from_slurm() {
        assertThat(SlurmJobState.parse("LEVITATING")).isEqualTo(SlurmJobState.UNKNOWN);
        assertThat(SlurmJobState.parse("GONE")).isEqualTo(SlurmJobState.UNKNOWN);
        assertThat(SlurmJobState.parse("")).isEqualTo(SlurmJobState.UNKNOWN);
    }
}
