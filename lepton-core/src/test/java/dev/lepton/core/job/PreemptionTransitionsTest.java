package dev.lepton.core.job;

import static dev.lepton.core.job.Jobs.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.execution.Usage;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A preempted job stops its gang and goes back to its queue, keeping its place, without a failure. */
class PreemptionTransitionsTest {
    @Test
    void a_preempted_gang_is_stopped_then_queued_again_without_counting_a_failure_keeping_the_service_it_attained() {
        Job running = Jobs.run(Jobs.training().name("low").workers(2).gpus(2).build(), T0);

        JobTransitions.Decision preempt = JobTransitions.preempt(running, "job high needs the room", T0.plusSeconds(60));

        assertThat(preempt.toStop()).containsExactly(Jobs.attempt(running, 0), Jobs.attempt(running, 1));
        assertThat(preempt.job().status().stopping()).contains(StopReason.PREEMPTED);
        Job first = JobTransitions.workerExited(preempt.job(), Jobs.attempt(running, 0), Optional.of(143), Usage.NONE, T0.plusSeconds(61)).job();
        Job after = JobTransitions.workerExited(first, Jobs.attempt(running, 1), Optional.of(143), Usage.NONE, T0.plusSeconds(61)).job();

        assertThat(after.phase()).isEqualTo(JobPhase.QUEUED);
        assertThat(after.status().failures()).isZero();
        assertThat(after.status().exitCode()).isEmpty();
        assertThat(after.status().message()).startsWith("preempted: job high needs the room").contains("back in queue default");
        assertThat(after.seq()).isEqualTo(running.seq());
        assertThat(after.status().workers()).extracting(WorkerStatus::state).containsOnly(WorkerState.KILLED);
        assertThat(after.status().attainedGpuSeconds()).as("61 s on 2 workers × 2 GPUs").isEqualTo(244.0);
        assertThat(after.status().lastAttemptEnded()).contains(T0.plusSeconds(61));
    }

    @Test
    void only_a_running_job_that_is_not_already_stopping_can_be_preempted() {
        Job queued = Jobs.training().name("q").build();
        assertThat(JobTransitions.preempt(queued, "x", T0).job()).isSameAs(queued);
        Job running = Jobs.run(Jobs.training().name("r").build(), T0);
        Job cancelling = JobTransitions.cancel(running, T0).job();
        assertThat(JobTransitions.preempt(cancelling, "x", T0).toStop()).isEmpty();
        assertThat(JobTransitions.preempt(cancelling, "x", T0).job().status().stopping()).contains(StopReason.CANCELLED);
    }
}
