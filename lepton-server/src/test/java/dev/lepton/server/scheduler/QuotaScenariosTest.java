package dev.lepton.server.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.event.Event;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobPhase;
import dev.lepton.core.node.Node;
import dev.lepton.core.placement.Scoring;
import dev.lepton.core.quota.Quota;
import dev.lepton.core.quota.QueueSpec;
import dev.lepton.core.quota.QuotaTree;
import dev.lepton.testing.TestJobs;
import dev.lepton.testing.TestNodes;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quotas as the server enforces them, scenario by scenario on simulated time: the scheduler loop with
 * the shared allocator, a real store, and fake workers that run until the test ends them.
 */
class QuotaScenariosTest {
    @TempDir
    Path dir;
    LoopScenario scenario;
    long seq;

    @BeforeEach
    void open() {
        scenario = new LoopScenario(dir);
        scenario.executor.exitOnStop(143);
    }

    @AfterEach
    void close() {
        scenario.close();
    }

    static Node gpus(int count) {
        return TestNodes.node("n1").cpus(64).memory("512GiB").gpus(count, "A100").build();
    }

    static QueueSpec queue(String name, String cohort, long nominalGpus, Long borrowingLimit) {
        return new QueueSpec(name, Optional.ofNullable(cohort), new Quota(Map.of(Quota.GPU, nominalGpus)),
                Optional.ofNullable(borrowingLimit).map(limit -> new Quota(Map.of(Quota.GPU, limit))));
    }

    static QuotaTree tree(QueueSpec... queues) {
        return QuotaTree.of(List.of(queues), List.of());
    }

    Job job(String name, String queue, int priority) {
        return TestJobs.training().name(name).queue(queue).gpus(1).cpu("1").memory("1GiB").priority(priority).seq(++seq).build();
    }

    /** Submits {@code count} one-GPU jobs named queue-1, queue-2, … */
    void submit(String queue, int count) {
        IntStream.rangeClosed(1, count).forEach(i -> scenario.submit(job(queue + "-" + i, queue, 0)));
    }

    List<String> running(String queue) {
        return scenario.names(j -> j.phase() == JobPhase.RUNNING && j.spec().queue().equals(queue));
    }

    List<Event> events(String job) {
        return scenario.store.read(tx -> tx.events().list("ml", "job/" + job, 0, 100));
    }

    void awaitRunning(String queue, int count) {
        scenario.awaitThat(count + " of " + queue + " running", () -> running(queue).size() == count);
    }

    @Test
    void a_queue_runs_up_to_its_nominal_quota_and_the_next_job_waits_saying_why() {
        scenario.start(gpus(8), tree(queue("solo", null, 2, null)), "priority");
        submit("solo", 3);

        awaitRunning("solo", 2);
        scenario.awaitThat("solo-3 says why", () -> scenario.stored("solo-3").status().message()
                .equals("waiting for quota: queue solo is at its nominal nvidia.com/gpu quota 2 and is in no cohort to borrow from"));

        scenario.executor.finish(TestJobs.attempt(scenario.stored("solo-1"), 0), 0);
        scenario.awaitPhase("solo-3", JobPhase.RUNNING);
        assertThat(running("solo")).containsExactly("solo-2", "solo-3");
    }

    @Test
    void idle_quota_is_lent_within_the_borrowing_limit_and_reclaimed_by_preemption_when_its_owner_needs_it() {
        scenario.start(gpus(8), tree(queue("ml", "research", 2, 3L), queue("cv", "research", 4, null)), "priority");
        submit("ml", 6);
        awaitRunning("ml", 5);
        scenario.awaitThat("ml-6 says why", () -> scenario.stored("ml-6").status().message()
                .contains("queue ml is at its nominal nvidia.com/gpu quota 2 and may borrow at most 3 (borrows 3)"));

        submit("cv", 4);
        awaitRunning("cv", 4);
        awaitRunning("ml", 2);
        assertThat(scenario.executor.stops()).as("the three borrowed GPUs reclaimed, no more: the cohort never holds more than its 6")
                .hasSize(3);
        Job victim = scenario.jobs().stream().filter(j -> j.spec().queue().equals("ml") && j.status().epoch() == 1
                && j.phase() == JobPhase.QUEUED).findFirst().orElseThrow();
        assertThat(victim.status().failures()).as("preemption is not a failure").isZero();
        assertThat(events(victim.name())).anySatisfy(e -> assertThat(e.message())
                .containsPattern("preempted for cv-\\d: queue cv reclaims the quota it lent to queue ml$"));

        // cv and ml use the whole cohort's nominal quota (6) between them: nothing is left to lend,
        // whatever ml gave up, so fair sharing preempts nothing either.
        scenario.submit(job("cv-5", "cv", 0));
        scenario.awaitThat("cv-5 says why", () -> scenario.stored("cv-5").status().message()
                .contains("queue cv is at its nominal nvidia.com/gpu quota 4 and cohort research has 0 idle to lend"));
        assertThat(scenario.executor.stops()).as("beyond its nominal quota cv reclaims nothing").hasSize(3);
        assertThat(running("ml")).as("ml keeps its nominal 2").hasSize(2);
    }

    @Test
    void a_reclaimed_job_does_not_take_back_the_room_its_reclaimer_waited_for() {
        // Reclaiming ml's only borrowed GPU leaves ml at its nominal quota, a share of 0 like cv's:
        // ordered by their shares before the start, the victim (submitted first) took its GPU back
        // as soon as it had stopped, and cv preempted it again, for ever.
        scenario.start(gpus(2), tree(queue("ml", "research", 1, 1L), queue("cv", "research", 1, 1L)), "priority");
        submit("ml", 2);
        awaitRunning("ml", 2);

        submit("cv", 1);
        scenario.awaitPhase("cv-1", JobPhase.RUNNING);

        assertThat(running("ml")).hasSize(1);
        assertThat(scenario.executor.stops()).as("one reclaim, no more").hasSize(1);
        Job victim = scenario.jobs().stream().filter(j -> j.spec().queue().equals("ml") && j.phase() == JobPhase.QUEUED)
                .findFirst().orElseThrow();
        assertThat(victim.status().epoch()).as("stopped once, not restarted").isEqualTo(1);
        scenario.awaitThat("the victim says why it waits", () -> scenario.stored(victim.name()).status().message()
                .contains("queue ml is at its nominal nvidia.com/gpu quota 1 and cohort research has 0 idle to lend"));
    }

    @Test
    void a_queue_that_borrows_less_takes_from_one_that_borrows_more_until_their_shares_are_even() {
        scenario.start(gpus(12), tree(queue("a", "org", 2, null), queue("b", "org", 2, null), queue("reserve", "org", 8, null)), "priority");
        submit("a", 10);
        awaitRunning("a", 10);

        // b's first two take the free GPUs (its nominal quota); the rest find nothing idle to lend, so
        // b takes from a, which borrows 8 of the cohort's 12, until each borrows 4.
        submit("b", 10);
        awaitRunning("b", 6);
        awaitRunning("a", 6);
        assertThat(scenario.executor.stops()).hasSize(4);
        Job victim = scenario.jobs().stream().filter(j -> j.spec().queue().equals("a") && j.phase() == JobPhase.QUEUED)
                .findFirst().orElseThrow();
        assertThat(events(victim.name())).anySatisfy(e -> assertThat(e.message())
                .containsPattern("preempted for b-\\d+: queue a borrows a larger share of the cohort than queue b would with it \\(fair sharing\\)$"));
        scenario.awaitThat("b-7 says why", () -> scenario.stored("b-7").status().message()
                .contains("queue b is at its nominal nvidia.com/gpu quota 2 and cohort org has 0 idle to lend"));

        // Even shares are stable: neither side preempts the other again.
        scenario.submit(job("a-11", "a", 0));
        scenario.awaitThat("a-11 says whom it waits behind, and why", () -> scenario.stored("a-11").status().message()
                .matches("behind a-\\d+ in queue a \\(waiting for quota: queue a is at its nominal .*0 idle to lend.*\\)"));
        assertThat(scenario.executor.stops()).hasSize(4);
    }

    @Test
    void a_higher_priority_job_preempts_within_its_own_queue_but_never_work_within_another_queues_quota() {
        scenario.start(gpus(4), tree(queue("solo", null, 2, null), queue("big", null, 4, null)), "priority");
        submit("solo", 2);
        submit("big", 2);
        awaitRunning("solo", 2);
        awaitRunning("big", 2);

        scenario.submit(job("urgent", "big", 1000));
        scenario.awaitPhase("urgent", JobPhase.RUNNING);

        assertThat(running("solo")).as("within its quota, solo is protected").containsExactly("solo-1", "solo-2");
        assertThat(running("big")).hasSize(2).contains("urgent");
        Job victim = scenario.jobs().stream().filter(j -> j.phase() == JobPhase.QUEUED).findFirst().orElseThrow();
        assertThat(victim.spec().queue()).isEqualTo("big");
        assertThat(events(victim.name())).anySatisfy(e -> assertThat(e.message()).contains("preempted for urgent: it ranks above this job under priority"));

        scenario.submit(job("urgent-2", "solo", 1000));
        scenario.awaitPhase("urgent-2", JobPhase.RUNNING);
        assertThat(running("solo")).as("at its quota, solo's urgent job preempts one of solo's own").hasSize(2).contains("urgent-2");
        assertThat(running("big")).hasSize(2).contains("urgent");
    }

    @Test
    void each_queue_places_its_jobs_by_its_own_scorer_weights() {
        Node big = TestNodes.node("big").cpus(64).memory("512GiB").gpus(8, "H100").gpuPowerLimitWatts(700).build();
        Node small = TestNodes.node("small").cpus(64).memory("512GiB").gpus(8, "L4").gpuPowerLimitWatts(72).build();
        QueueSpec packed = queue("packed", null, 100, null);
        QueueSpec spread = new QueueSpec("spread", Optional.empty(), packed.nominal(), Optional.empty(), new Scoring(Map.of(Scoring.SPREAD, 1.0)));
        QueueSpec green = new QueueSpec("green", Optional.empty(), packed.nominal(), Optional.empty(), new Scoring(Map.of(Scoring.ENERGY, 1.0)));
        scenario.start(List.of(big, small), tree(packed, spread, green), "priority");

        for (String name : List.of("spread-1", "spread-2", "green-1", "packed-1")) {
            scenario.submit(job(name, name.substring(0, name.indexOf('-')), 0));
            scenario.awaitPhase(name, JobPhase.RUNNING);
        }

        assertThat(nodeOf("spread-1")).as("spreading avoids the node in use").isNotEqualTo(nodeOf("spread-2"));
        assertThat(nodeOf("green-1")).as("the node whose GPUs do more work per watt (L4 1.68 TFLOPS/W, H100 1.41)").isEqualTo("small");
        assertThat(nodeOf("packed-1")).as("bin-packing joins the fuller node (small: 2 GPUs busy, big: 1)").isEqualTo("small");
    }

    String nodeOf(String job) {
        return scenario.stored(job).status().workers().get(0).node();
    }

    @Test
    void queues_of_a_cohort_share_what_is_lent_by_how_much_each_already_borrows() {
        // Stored before the loop starts, so that its first turn sees them all; a's come first in the queue,
        // and without fair sharing a would borrow all 8 idle GPUs of reserve.
        IntStream.rangeClosed(1, 10).forEach(i -> scenario.insert(job("a-" + i, "a", 0)));
        IntStream.rangeClosed(1, 10).forEach(i -> scenario.insert(job("b-" + i, "b", 0)));
        scenario.start(gpus(12), tree(queue("a", "org", 2, null), queue("b", "org", 2, null), queue("reserve", "org", 8, null)), "priority");

        awaitRunning("a", 6);
        awaitRunning("b", 6);

        scenario.executor.finish(TestJobs.attempt(scenario.stored(running("b").get(0)), 0), 0);
        scenario.awaitThat("b's freed GPU goes to b again (a borrows 4, b 3)", () -> running("b").size() == 6);
        assertThat(running("a")).hasSize(6);
        scenario.executor.finish(TestJobs.attempt(scenario.stored(running("a").get(0)), 0), 0);
        scenario.executor.finish(TestJobs.attempt(scenario.stored(running("a").get(1)), 0), 0);
        scenario.awaitThat("a takes its share back", () -> running("a").size() == 6 && running("b").size() == 6);
    }
}
