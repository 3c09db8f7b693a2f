package dev.lepton.core.job;

import static dev.lepton.core.job.Jobs.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A queued job whose dependency can never be met fails without running (Slurm's DependencyNeverSatisfied). */
class DependencyTransitionsTest {
    private static final Instant LATER = T0.plusSeconds(60);

    @Test
    void a_queued_job_whose_dependency_failed_fails_at_once_saying_why() {
        Job failed = JobTransitions.dependencyNeverSatisfied(Jobs.training().build(), "dependency never satisfied: job prep ended Failed", LATER);

        assertThat(failed.phase()).isEqualTo(JobPhase.FAILED);
        assertThat(failed.status().message()).isEqualTo("dependency never satisfied: job prep ended Failed");
        assertThat(failed.status().finishedAt()).contains(LATER);
        assertThat(failed.status().epoch()).as("it never ran").isZero();
        assertThat(failed.status().failures()).isZero();
    }

    @Test
    void a_job_that_has_ended_cannot_fail_for_its_dependencies() {
        Job cancelled = JobTransitions.cancel(Jobs.training().build(), T0).job();

        assertThatThrownBy(() -> JobTransitions.dependencyNeverSatisfied(cancelled, "x", LATER))
                .isInstanceOfSatisfying(LeptonException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION));
    }
}
