package dev.lepton.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobPhase;
import dev.lepton.core.job.WorkerState;
import dev.lepton.core.job.WorkerStatus;
import dev.lepton.core.resource.Accelerators;
import dev.lepton.core.resource.Resources;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestJobsTest {

    @Test
    void a_built_job_carries_every_setting_and_is_queued() {
        Job job = TestJobs.training().name("a").gpus(2).workers(4).cpu("2").memory("4GiB").priority(10).maxRetries(1)
                .maxDuration(Duration.ofMinutes(5)).seq(3).queue("gpu").label("team", "vision").env("SEED", "42").build();

        assertThat(job.phase()).isEqualTo(JobPhase.QUEUED);
        assertThat(job.qualifiedName()).isEqualTo("ml/a");
        assertThat(job.seq()).isEqualTo(3);
        assertThat(job.createdAt()).isEqualTo(FakeClock.START);
        assertThat(job.spec().resources()).isEqualTo(new Resources(2_000, 4L << 30, 2));
        assertThat(job.spec().workers()).isEqualTo(4);
        assertThat(job.spec().priority()).isEqualTo(10);
        assertThat(job.spec().queue()).isEqualTo("gpu");
        assertThat(job.spec().retry().maxRetries()).isEqualTo(1);
        assertThat(job.spec().maxDuration()).contains(Duration.ofMinutes(5));
        assertThat(job.spec().labels()).containsEntry("team", "vision");
        assertThat(job.spec().env()).containsEntry("SEED", "42");
    }

    @Test
    void a_job_may_ask_for_accelerators_by_name_beside_its_nvidia_gpus() {
        Job job = TestJobs.training().gpus(1).accelerators("amd.com/gpu", 2).build();

        assertThat(job.spec().resources().accelerators())
                .isEqualTo(Accelerators.of(java.util.Map.of("nvidia.com/gpu", 1, "amd.com/gpu", 2)));
    }

    @Test
    void the_uid_is_the_same_in_every_run_and_differs_by_name_and_seq() {
        String uid = TestJobs.training().name("a").build().uid();

        assertThat(TestJobs.training().name("a").build().uid()).isEqualTo(uid);
        assertThat(TestJobs.training().name("b").build().uid()).isNotEqualTo(uid);
        assertThat(TestJobs.training().name("a").seq(2).build().uid()).isNotEqualTo(uid);
        assertThat(new AttemptId(uid, 1, 0).jobUid()).isEqualTo(uid);
        assertThat(TestJobs.training().uid("fixed-1").build().uid()).isEqualTo("fixed-1");
    }

    @Test
    void a_pending_job_has_not_been_admitted() {
        assertThat(TestJobs.training().pending().build().phase()).isEqualTo(JobPhase.PENDING);
    }

    @Test
    void a_job_built_running_has_every_worker_started_on_its_node_with_its_own_gpus() {
        Job job = TestJobs.training().workers(2).gpus(2).runningOn("n1").build();

        assertThat(job.phase()).isEqualTo(JobPhase.RUNNING);
        assertThat(job.status().epoch()).isEqualTo(1);
        assertThat(job.status().startedAt()).contains(FakeClock.START);
        assertThat(job.status().workers()).extracting(WorkerStatus::state).containsOnly(WorkerState.RUNNING);
        assertThat(job.status().workers()).extracting(WorkerStatus::gpuIndices).containsExactly(List.of(0, 1), List.of(2, 3));
        assertThat(job.status().workers()).extracting(w -> w.pid().orElseThrow())
                .containsExactly(TestJobs.FIRST_PID, TestJobs.FIRST_PID + 1);
        assertThat(TestJobs.attempts(job)).containsExactly(new AttemptId(job.uid(), 1, 0), new AttemptId(job.uid(), 1, 1));
    }

    @Test
    void workers_may_be_spread_one_node_each() {
        Job job = TestJobs.training().workers(2).gpus(1).scheduledOn("n1", "n2").build();

        assertThat(job.phase()).isEqualTo(JobPhase.SCHEDULED);
        assertThat(job.status().workers()).extracting(WorkerStatus::node).containsExactly("n1", "n2");
        assertThat(job.status().workers()).extracting(WorkerStatus::gpuIndices).containsExactly(List.of(0), List.of(0));
    }

    @Test
    void a_placement_names_one_node_or_one_per_worker() {
        assertThatThrownBy(() -> TestJobs.training().workers(3).runningOn("n1", "n2").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one per worker");
    }
}
