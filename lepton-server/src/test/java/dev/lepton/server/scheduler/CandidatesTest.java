package dev.lepton.server.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.execution.Usage;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobTransitions;
import dev.lepton.core.policy.Candidate;
import dev.lepton.testing.TestJobs;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Live jobs as least-attained-service policies see them: service kept across preemptions, waits measured from the requeue. */
class CandidatesTest {
    static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

    @Test
    void a_preempted_job_keeps_its_attained_service_and_waits_from_when_it_stopped() {
        Job job = TestJobs.training().name("train").gpus(2).createdAt(T0).build();
        Job first = TestJobs.run(job, T0.plusSeconds(100), "n1");
        assertThat(Candidates.running(first, T0.plusSeconds(400)).attainedAt(T0.plusSeconds(400))).as("300 s × 2 GPUs").isEqualTo(600.0);

        Job stopping = JobTransitions.preempt(first, "room for urgent", T0.plusSeconds(400)).job();
        Job requeued = JobTransitions.workerExited(stopping, TestJobs.attempt(first, 0), Optional.of(143), Usage.NONE, T0.plusSeconds(401)).job();
        Candidate waiting = Candidates.waiting(requeued, T0.plusSeconds(500));
        assertThat(waiting.attainedGpuSeconds()).isEqualTo(602.0);
        assertThat(waiting.since()).as("it has waited since its attempt ended, not since it was submitted").isEqualTo(T0.plusSeconds(401));

        Job second = TestJobs.run(requeued, T0.plusSeconds(1_000), "n1");
        Candidate running = Candidates.running(second, T0.plusSeconds(1_100));
        assertThat(running.since()).isEqualTo(T0.plusSeconds(1_000));
        assertThat(running.attainedAt(T0.plusSeconds(1_100))).isEqualTo(802.0);
    }

    @Test
    void a_time_limit_counts_from_the_first_start_and_is_what_backfilling_expects_of_a_job() {
        Job job = TestJobs.training().name("limited").gpus(1).createdAt(T0).maxDuration(Duration.ofHours(1)).build();
        assertThat(Candidates.waiting(job, T0.plusSeconds(60)).remaining()).as("not started: the whole limit").contains(Duration.ofHours(1));

        Job first = TestJobs.run(job, T0.plusSeconds(100), "n1");
        assertThat(Candidates.running(first, T0.plusSeconds(400)).remainingAt(T0.plusSeconds(400))).contains(Duration.ofSeconds(3_300));

        Job stopping = JobTransitions.preempt(first, "room for urgent", T0.plusSeconds(400)).job();
        Job requeued = JobTransitions.workerExited(stopping, TestJobs.attempt(first, 0), Optional.of(143), Usage.NONE, T0.plusSeconds(401)).job();
        assertThat(Candidates.waiting(requeued, T0.plusSeconds(1_000)).remaining()).as("the clock ran on while it waited")
                .contains(Duration.ofSeconds(2_700));
        assertThat(Candidates.waiting(requeued, T0.plusSeconds(9_000)).remaining()).contains(Duration.ZERO);
        assertThat(Candidates.waiting(TestJobs.training().name("open").build(), T0).remaining()).as("no limit, no estimate").isEmpty();
    }
}
