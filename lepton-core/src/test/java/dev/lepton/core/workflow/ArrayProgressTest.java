package dev.lepton.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobPhase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How an array stands, summed up from its tasks, as one job's phase. */
class ArrayProgressTest {
    private final List<Job> queued = Tasks.array("arr", "0-3", 2);
    private final List<Job> tasks = new ArrayList<>(queued);

    /** Task {@code index} in {@code phase}, as its transitions from the queue take it there. */
    private void move(int index, JobPhase phase) {
        tasks.set(index, Tasks.in(queued.get(index), phase));
    }

    @Test
    void an_array_is_queued_until_a_task_holds_resources_then_running_until_all_have_ended() {
        assertThat(ArrayProgress.of(tasks).phase()).isEqualTo(JobPhase.QUEUED);
        move(0, JobPhase.SCHEDULED);
        assertThat(ArrayProgress.of(tasks).phase()).isEqualTo(JobPhase.RUNNING);
        move(0, JobPhase.SUCCEEDED);
        move(1, JobPhase.RUNNING);

        ArrayProgress progress = ArrayProgress.of(tasks);

        assertThat(progress.phase()).isEqualTo(JobPhase.RUNNING);
        assertThat(progress.counts()).isEqualTo(Map.of(JobPhase.QUEUED, 2, JobPhase.RUNNING, 1, JobPhase.SUCCEEDED, 1));
        assertThat(progress.message()).isEqualTo("4 tasks: 2 Queued, 1 Running, 1 Succeeded; at most 2 at once");
        assertThat(progress.startedAt()).isPresent();
        assertThat(progress.finishedAt()).isEmpty();
    }

    @Test
    void an_array_succeeds_when_every_task_succeeded() {
        for (int i = 0; i < 4; i++) {
            move(i, JobPhase.SUCCEEDED);
        }

        ArrayProgress progress = ArrayProgress.of(tasks);

        assertThat(progress.phase()).isEqualTo(JobPhase.SUCCEEDED);
        assertThat(progress.exitCode()).contains(0);
        assertThat(progress.finishedAt()).isPresent();
    }

    @Test
    void an_array_fails_if_any_task_failed_naming_them_with_the_first_ones_exit_code_and_is_cancelled_otherwise() {
        move(0, JobPhase.SUCCEEDED);
        move(1, JobPhase.FAILED);
        move(2, JobPhase.CANCELLED);
        move(3, JobPhase.FAILED);

        ArrayProgress failed = ArrayProgress.of(tasks);

        assertThat(failed.phase()).isEqualTo(JobPhase.FAILED);
        assertThat(failed.exitCode()).contains(3);
        assertThat(failed.message()).isEqualTo("4 tasks: 1 Succeeded, 2 Failed (arr-1, arr-3), 1 Cancelled; at most 2 at once");
        move(1, JobPhase.CANCELLED);
        move(3, JobPhase.CANCELLED);
        assertThat(ArrayProgress.of(tasks).phase()).isEqualTo(JobPhase.CANCELLED);
        assertThat(ArrayProgress.of(tasks).exitCode()).isEqualTo(Optional.empty());
    }
}
