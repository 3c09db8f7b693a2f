package dev.lepton.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.core.execution.StopPlan;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a job's workers are stopped: its own grace period, and its checkpoint signal only where it can plan for the stop. */
class StopPlanTest {
    static final Duration SERVER_GRACE = Duration.ofSeconds(10);
    static final StopPlan.Warning USR1 = new StopPlan.Warning("USR1", Duration.ofSeconds(60));

    @Test
    void preemption_and_the_time_limit_send_the_checkpoint_signal_first_a_cancel_or_a_failed_gang_does_not() {
        JobSpec spec = Jobs.training().build().spec().withStopping(Optional.of(Duration.ofSeconds(45)), Optional.of(USR1));

        assertThat(spec.stopPlan(StopReason.PREEMPTED, SERVER_GRACE)).isEqualTo(new StopPlan(Optional.of(USR1), Duration.ofSeconds(45)));
        assertThat(spec.stopPlan(StopReason.TIMED_OUT, SERVER_GRACE).warning()).contains(USR1);
        assertThat(spec.stopPlan(StopReason.CANCELLED, SERVER_GRACE)).isEqualTo(StopPlan.graceful(Duration.ofSeconds(45)));
        assertThat(spec.stopPlan(StopReason.GANG_FAILED, SERVER_GRACE).warning()).isEmpty();
    }

    @Test
    void a_job_that_names_no_grace_period_gets_the_servers() {
        assertThat(Jobs.training().build().spec().stopPlan(StopReason.PREEMPTED, SERVER_GRACE)).isEqualTo(StopPlan.graceful(SERVER_GRACE));
    }

    @Test
    void a_warning_is_a_signal_a_worker_may_handle_with_a_lead_of_zero_or_more() {
        assertThatThrownBy(() -> new StopPlan.Warning("KILL", Duration.ofSeconds(1))).hasMessageContaining("signal must be one of");
        assertThatThrownBy(() -> new StopPlan.Warning("USR1", Duration.ofSeconds(-1))).hasMessageContaining("lead must be >= 0");
        assertThat(new StopPlan(Optional.of(USR1), Duration.ofSeconds(5)).longest()).isEqualTo(Duration.ofSeconds(65));
    }
}
