package dev.lepton.server.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobPhase;
import dev.lepton.core.quota.QueueSpec;
import dev.lepton.core.quota.QuotaTree;
import dev.lepton.testing.TestJobs;
import dev.lepton.testing.TestNodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lepton server --policy backfill}: EASY backfilling on simulated time, with each job's
 * maxDuration as its expected end (as Slurm's backfill reads --time).
 */
class BackfillScenarioTest {
    @TempDir
    Path dir;
    LoopScenario scenario;
    SchedulerLoop loop;
    long seq;

    @BeforeEach
    void open() {
        scenario = new LoopScenario(dir);
        scenario.executor.exitOnStop(143);
        loop = scenario.start(TestNodes.node("n1").cpus(2).memory("8GiB").build(), QuotaTree.of(List.of(QueueSpec.unlimited("default")), List.of()),
                "backfill");
    }

    @AfterEach
    void close() {
        scenario.close();
    }

    /**
     * Returns once the loop has planned with every job submitted so far: the first answer comes while
     * the loop handles its events (before that turn plans), the second only in a later turn.
     */
    void afterAPlan(Job any) {
        loop.positionOf(any).join();
        loop.positionOf(any).join();
    }

    Job job(String name, int cpus, Duration limit) {
        var builder = TestJobs.training().name(name).cpu(String.valueOf(cpus)).memory("1GiB").seq(++seq);
        return (limit == null ? builder : builder.maxDuration(limit)).build();
    }

    @Test
    void a_job_that_ends_before_the_heads_reservation_starts_at_once_and_one_that_might_not_waits() {
        scenario.submit(job("running", 1, Duration.ofMinutes(10)));
        scenario.awaitPhase("running", JobPhase.RUNNING);

        scenario.submit(job("head", 2, null));                          // promised both CPUs when "running" must end
        scenario.submit(job("unbounded", 1, null));                     // no limit: it could run past the promise
        scenario.submit(job("long", 1, Duration.ofMinutes(30)));        // ends after the promise
        scenario.submit(job("short", 1, Duration.ofMinutes(5)));        // ends before it

        scenario.awaitPhase("short", JobPhase.RUNNING);
        scenario.awaitThat("long says why it waits", () -> scenario.stored("long").status().message()
                .startsWith("would delay the reservation of "));
        assertThat(scenario.stored("head").phase()).isEqualTo(JobPhase.QUEUED);
        assertThat(scenario.stored("unbounded").phase()).isEqualTo(JobPhase.QUEUED);
        assertThat(scenario.stored("unbounded").status().message()).startsWith("would delay the reservation of ");
    }

    @Test
    void without_time_limits_nothing_can_be_promised_and_the_queue_waits_in_order() {
        scenario.submit(job("running", 1, null));
        scenario.awaitPhase("running", JobPhase.RUNNING);
        scenario.submit(job("head", 2, null));
        Job shortJob = scenario.submit(job("short", 1, Duration.ofMinutes(5)));

        afterAPlan(shortJob);
        assertThat(scenario.stored("head").status().message()).contains("needs");
        assertThat(scenario.stored("short").phase()).as("no reservation: backfilling could delay the head").isEqualTo(JobPhase.QUEUED);
        assertThat(scenario.executor.launches()).as("only the running job was launched").hasSize(1);
    }
}
