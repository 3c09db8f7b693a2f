package dev.lepton.core.job;

import static dev.lepton.core.job.JobPhase.CANCELLED;
import static dev.lepton.core.job.JobPhase.DEFERRED;
import static dev.lepton.core.job.JobPhase.FAILED;
import static dev.lepton.core.job.JobPhase.PENDING;
import static dev.lepton.core.job.JobPhase.PREEMPTED;
import static dev.lepton.core.job.JobPhase.QUEUED;
import static dev.lepton.core.job.JobPhase.RUNNING;
import static dev.lepton.core.job.JobPhase.SCHEDULED;
import static dev.lepton.core.job.JobPhase.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobLifecycleTest {

    private record Move(JobPhase from, JobPhase to) {
        @Override
        public String toString() {
            return from.displayName() + " → " + to.displayName();
        }
    }

    /**
     * Every legal move, written out by hand. Adding a move to {@link JobLifecycle}'s table without
     * adding it here (and a test of the transition that makes it) fails this test.
     */
    private static final Set<Move> LEGAL = Set.of(
            new Move(PENDING, QUEUED),
            new Move(PENDING, CANCELLED),
            new Move(QUEUED, SCHEDULED),
            new Move(QUEUED, CANCELLED),
            new Move(QUEUED, FAILED),          // a dependency ended so that it can never be met
            new Move(QUEUED, DEFERRED),        // on submission, its schedule chose a later, lower-carbon start
            new Move(DEFERRED, QUEUED),        // its chosen start has come
            new Move(DEFERRED, CANCELLED),
            new Move(SCHEDULED, RUNNING),
            new Move(SCHEDULED, QUEUED),       // launch failed and will be retried, or interrupted by a restart
            new Move(SCHEDULED, SUCCEEDED),    // every worker ended while the server was down
            new Move(SCHEDULED, FAILED),       // launch failed, no retries left
            new Move(SCHEDULED, CANCELLED),
            new Move(RUNNING, SUCCEEDED),
            new Move(RUNNING, FAILED),
            new Move(RUNNING, CANCELLED),
            new Move(RUNNING, QUEUED),         // an attempt failed and the retry policy allows another
            new Move(RUNNING, PREEMPTED),
            new Move(PREEMPTED, QUEUED),
            new Move(PREEMPTED, CANCELLED));

    @Test
    void the_table_allows_exactly_the_moves_written_out_here() {
        List<Move> allowed = new ArrayList<>();
        for (JobPhase from : JobPhase.values()) {
            for (JobPhase to : JobPhase.values()) {
                if (JobLifecycle.allows(from, to)) {
                    allowed.add(new Move(from, to));
                }
            }
        }

        assertThat(allowed).containsExactlyInAnyOrderElementsOf(LEGAL);
    }

    @Test
    void successors_agree_with_allows() {
        for (JobPhase from : JobPhase.values()) {
            Set<JobPhase> expected = EnumSet.noneOf(JobPhase.class);
            LEGAL.stream().filter(m -> m.from() == from).forEach(m -> expected.add(m.to()));

            assertThat(JobLifecycle.successors(from)).as("successors of %s", from).isEqualTo(expected);
        }
    }

    @Test
    void terminal_phases_have_no_way_out_and_every_other_phase_has_one() {
        for (JobPhase phase : JobPhase.values()) {
            assertThat(JobLifecycle.successors(phase).isEmpty()).as(phase.displayName()).isEqualTo(phase.isTerminal());
        }
    }

    @Test
    void every_phase_but_pending_can_be_reached() {
        Set<JobPhase> reachable = EnumSet.noneOf(JobPhase.class);
        LEGAL.forEach(m -> reachable.add(m.to()));

        assertThat(reachable).containsExactlyInAnyOrderElementsOf(EnumSet.complementOf(EnumSet.of(PENDING)));
    }

    @Test
    void a_job_that_has_not_ended_can_always_be_cancelled() {
        for (JobPhase phase : JobPhase.values()) {
            if (!phase.isTerminal()) {
                assertThat(JobLifecycle.allows(phase, CANCELLED)).as(phase.displayName()).isTrue();
            }
        }
    }

    @Test
    void a_legal_move_returns_the_new_phase() {
        assertThat(JobLifecycle.move("ml/train", RUNNING, SUCCEEDED)).isEqualTo(SUCCEEDED);
    }

    @Test
    void an_illegal_move_is_an_error_naming_the_job_and_both_phases() {
        assertThatThrownBy(() -> JobLifecycle.move("ml/train", SUCCEEDED, RUNNING))
                .isInstanceOfSatisfying(LeptonException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION))
                .hasMessageContaining("ml/train")
                .hasMessageContaining("Succeeded")
                .hasMessageContaining("Running");
    }

    @Test
    void every_move_not_in_the_table_is_refused() {
        for (JobPhase from : JobPhase.values()) {
            for (JobPhase to : JobPhase.values()) {
                if (!LEGAL.contains(new Move(from, to))) {
                    assertThatThrownBy(() -> JobLifecycle.move("ml/x", from, to)).as("%s → %s", from, to)
                            .isInstanceOfSatisfying(LeptonException.class,
                                    e -> assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION))
                            .hasMessageContaining(from.displayName())
                            .hasMessageContaining(to.displayName());
                }
            }
        }
    }

    @Test
    void phases_show_their_user_facing_names() {
        assertThat(PENDING.displayName()).isEqualTo("Pending");
        assertThat(PREEMPTED.displayName()).isEqualTo("Preempted");
        assertThat(DEFERRED.displayName()).isEqualTo("Deferred");
    }
}
