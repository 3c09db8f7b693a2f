package dev.lepton.server.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.execution.LaunchSpec;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.WorkerStatus;
import dev.lepton.core.placement.Assignment;
import dev.lepton.testing.TestJobs;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LaunchEnvironmentTest {
    private static final Duration SERVER_GRACE = Duration.ofSeconds(10);

    private static Map<String, String> envOf(Job job, int rank) {
        WorkerStatus worker = job.status().workers().get(rank);
        return LaunchEnvironment.of(job, new Assignment(rank, worker.node(), worker.gpuIndices()), 0, "127.0.0.1", 29500);
    }

    @Test
    void local_world_size_counts_the_gang_on_the_worker_s_node() {
        Job job = TestJobs.training().workers(3).scheduledOn("n1", "n1", "n2").build();

        assertThat(envOf(job, 0)).containsEntry("LOCAL_WORLD_SIZE", "2");
        assertThat(envOf(job, 2)).containsEntry("LOCAL_WORLD_SIZE", "1");
    }

    @Test
    void omp_threads_are_the_whole_cpus_of_the_request_at_least_one_unless_the_spec_says() {
        assertThat(envOf(TestJobs.training().cpu("2500m").scheduledOn("n1").build(), 0)).containsEntry("OMP_NUM_THREADS", "2");
        assertThat(envOf(TestJobs.training().cpu("500m").scheduledOn("n1").build(), 0)).containsEntry("OMP_NUM_THREADS", "1");
        assertThat(envOf(TestJobs.training().cpu("4").env("OMP_NUM_THREADS", "8").scheduledOn("n1").build(), 0))
                .containsEntry("OMP_NUM_THREADS", "8");
    }

    @Test
    void the_launch_carries_the_job_s_resources_as_its_limits() {
        Job job = TestJobs.training().cpu("1").memory("64MiB").scheduledOn("n1").build();

        LaunchSpec spec = specOf(job);

        assertThat(spec.resources()).isEqualTo(job.spec().resources());
        assertThat(spec.code()).isEmpty();
        assertThat(spec.workingDir()).isEmpty();
        assertThat(spec.env()).doesNotContainKey("LEPTON_CODE");
        assertThat(spec.image()).isEmpty();
    }

    @Test
    void the_launch_carries_the_job_s_container_image() {
        Job job = TestJobs.training().image("python:3.12-slim").scheduledOn("n1").build();

        LaunchSpec spec = specOf(job);

        assertThat(spec.image()).contains("python:3.12-slim");
    }

    @Test
    void the_launch_carries_the_job_s_stop_grace_or_else_the_server_s() {
        Job patient = TestJobs.training().stopGracePeriod(Duration.ofSeconds(90)).scheduledOn("n1").build();
        Job plain = TestJobs.training().scheduledOn("n1").build();

        assertThat(specOf(patient).stopGrace()).contains(Duration.ofSeconds(90));
        assertThat(specOf(plain).stopGrace()).contains(SERVER_GRACE);
    }

    private static LaunchSpec specOf(Job job) {
        WorkerStatus worker = job.status().workers().getFirst();
        return LaunchEnvironment.spec(job, new Assignment(0, worker.node(), worker.gpuIndices()), TestJobs.attempt(job, 0), 0, "127.0.0.1", 1,
                SERVER_GRACE);
    }
}
