package dev.lepton.slurm.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.slurm.Recorded;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** squeue and sacct outputs recorded on the one-node Slurm of bench/slurm/setup.sh, and sacct's with accounting storage. */
class JobStatusParserTest {
    private static final Map<SlurmJobId, SlurmJobStatus> SQUEUE = JobStatusParser.squeue(Recorded.output(JobStatusParserTest.class, "squeue-format.txt"));

    private static SlurmJobStatus squeue(long id) {
        return SQUEUE.get(new SlurmJobId(id));
    }

    @Test
    void a_job_that_failed_has_its_exit_code_reason_nodes_and_times() {
        assertThat(squeue(19)).isEqualTo(new SlurmJobStatus(new SlurmJobId(19), Optional.of("fails"), SlurmJobState.FAILED,
                Optional.of("NonZeroExitCode"), Optional.of(new SlurmExit(3, 0)), Optional.of("vm"),
                Optional.of(Instant.parse("2026-12-04T16:02:05Z")), Optional.of(Instant.parse("2026-12-04T16:02:05Z"))));
    }

    @Test
    void cancelled_timed_out_and_killed_jobs_have_the_signal_that_ended_them() {
        assertThat(squeue(20).state()).isEqualTo(SlurmJobState.CANCELLED);
        assertThat(squeue(20).exit()).contains(new SlurmExit(0, 15));
        assertThat(squeue(21).state()).isEqualTo(SlurmJobState.TIMEOUT);
        assertThat(squeue(21).reason()).contains("TimeLimit");
        assertThat(squeue(22).exit()).contains(new SlurmExit(0, 9));
        assertThat(squeue(22).exit().orElseThrow().shellStatus()).isEqualTo(137);
    }

    @Test
    void a_job_cancelled_before_it_started_ran_on_no_node() {
        assertThat(squeue(23).state()).isEqualTo(SlurmJobState.CANCELLED);
        assertThat(squeue(23).nodes()).isEmpty();
    }

    @Test
    void a_waiting_job_has_no_start_yet_however_slurm_expects_it_and_a_running_one_no_end() {
        assertThat(squeue(24).state()).isEqualTo(SlurmJobState.PENDING);
        assertThat(squeue(24).reason()).contains("BeginTime");
        assertThat(squeue(24).start()).isEmpty();
        assertThat(squeue(24).exit()).isEmpty();
        assertThat(squeue(25).state()).isEqualTo(SlurmJobState.RUNNING);
        assertThat(squeue(25).start()).contains(Instant.parse("2026-12-04T16:02:16Z"));
        assertThat(squeue(25).end()).isEmpty();
        assertThat(squeue(25).reason()).isEmpty();
    }

    @Test
    void a_cancelled_job_whose_processes_are_still_being_killed_is_completing_and_not_ended() {
        assertThat(squeue(26).state()).isEqualTo(SlurmJobState.COMPLETING);
        assertThat(squeue(26).state().ended()).isFalse();
    }

    @Test
    void the_completion_log_read_by_sacct_knows_ended_jobs_with_code_and_signal() {
        Map<SlurmJobId, SlurmJobStatus> log = JobStatusParser.sacct(Recorded.output(JobStatusParserTest.class, "sacct-completion.txt"));

        assertThat(log).hasSize(7);
        assertThat(log.get(new SlurmJobId(19)).exit()).contains(new SlurmExit(3, 0));
        assertThat(log.get(new SlurmJobId(19)).reason()).isEmpty();
        assertThat(log.get(new SlurmJobId(21)).state()).isEqualTo(SlurmJobState.TIMEOUT);
        assertThat(log.get(new SlurmJobId(23)).nodes()).isEmpty();
        assertThat(log.get(new SlurmJobId(26)).state()).isEqualTo(SlurmJobState.CANCELLED);
    }

    @Test
    void accounting_states_with_more_words_and_step_lines_are_read_as_the_jobs() {
        Map<SlurmJobId, SlurmJobStatus> accounting = JobStatusParser.sacct(Recorded.output(JobStatusParserTest.class, "sacct-accounting.txt"));

        assertThat(accounting.keySet()).extracting(SlurmJobId::value).containsExactly(1234L, 1235L, 1236L, 1237L);
        assertThat(accounting.get(new SlurmJobId(1235)).state()).isEqualTo(SlurmJobState.CANCELLED);
        assertThat(accounting.get(new SlurmJobId(1235)).nodes()).contains("gpu[01-02]");
        assertThat(accounting.get(new SlurmJobId(1236)).state()).isEqualTo(SlurmJobState.OUT_OF_MEMORY);
        assertThat(accounting.get(new SlurmJobId(1237)).state()).isEqualTo(SlurmJobState.NODE_FAIL);
        assertThat(accounting.get(new SlurmJobId(1237)).exit()).contains(new SlurmExit(1, 0));
    }
}
