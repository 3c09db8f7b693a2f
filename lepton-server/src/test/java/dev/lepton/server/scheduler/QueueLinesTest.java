package dev.lepton.server.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.job.Job;
import dev.lepton.core.placement.ClusterSnapshot;
import dev.lepton.core.policy.AllocationPlan;
import dev.lepton.core.policy.Allocator;
import dev.lepton.core.policy.Candidate;
import dev.lepton.core.policy.Policies;
import dev.lepton.core.policy.WaitingLine;
import dev.lepton.core.quota.Quota;
import dev.lepton.core.quota.QueueSpec;
import dev.lepton.core.quota.QuotaAdmission;
import dev.lepton.core.quota.QuotaLedger;
import dev.lepton.core.quota.QuotaTree;
import dev.lepton.core.queue.QueueOrder;
import dev.lepton.testing.TestJobs;
import dev.lepton.testing.TestNodes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Each queue's jobs apart, merged as read: a plan reads a queue held at its quota up to its head, not to its end. */
class QueueLinesTest {
    static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

    @Test
    void the_queues_are_read_merged_in_the_loop_s_order_and_a_held_queue_is_passed_over() {
        Map<String, TreeSet<Job>> queues = queues(job("a", 1, 0), job("b", 2, 0), job("a", 3, 5), job("b", 4, 0), job("a", 5, 0));
        List<String> read = new ArrayList<>();
        QueueLines lines = new QueueLines(queues.values(), job -> true, job -> {
            read.add(job.name());
            return Candidates.waiting(job, T0);
        });

        assertThat(names(lines.iterator())).as("priority first, then first submitted").containsExactly("a-3", "a-1", "b-2", "b-4", "a-5");

        read.clear();
        Iterator<Candidate> held = lines.iterator(new HoldQueue("a"));
        assertThat(names(held)).containsExactly("b-2", "b-4");
        assertThat(read).as("a's line is held at its head: the rest of a is never read").containsExactly("a-3", "b-2", "b-4");
    }

    @Test
    void jobs_not_offered_are_passed_over() {
        Map<String, TreeSet<Job>> queues = queues(job("a", 1, 0), job("a", 2, 0), job("b", 3, 0));
        QueueLines lines = new QueueLines(queues.values(), job -> !job.name().equals("a-1"), job -> Candidates.waiting(job, T0));

        assertThat(names(lines.iterator())).containsExactly("a-2", "b-3");
        assertThat(lines.countByGpus()).isEqualTo(Map.of(0, 2));
    }

    @Test
    void ten_thousand_jobs_over_their_queue_s_quota_cost_a_plan_its_head_and_start_what_reading_all_would() {
        List<Job> jobs = new ArrayList<>();
        IntStream.rangeClosed(1, 10_000).forEach(i -> jobs.add(job("capped", i, 0)));
        jobs.add(job("free", 10_001, 0));
        Map<String, TreeSet<Job>> queues = queues(jobs.toArray(Job[]::new));
        QuotaTree tree = QuotaTree.of(List.of(new QueueSpec("capped", Optional.empty(), new Quota(Map.of(Quota.CPU, 2_000L)), Optional.empty()),
                QueueSpec.unlimited("free")), List.of());
        ClusterSnapshot cluster = TestNodes.snapshot(TestNodes.node("n1").cpus(64).memory("64Gi").build());
        int[] read = {0};
        QueueLines lines = new QueueLines(queues.values(), job -> true, job -> {
            read[0]++;
            return Candidates.waiting(job, T0);
        });

        AllocationPlan passing = Allocator.standard().allocateInOrder(cluster, List.of(), lines, Policies.named("priority"),
                new QuotaAdmission(new QuotaLedger(tree, Map.of())), T0);
        int readByPlan = read[0];
        List<Candidate> all = new ArrayList<>();
        lines.forEach(all::add);
        AllocationPlan reading = Allocator.standard().allocateInOrder(cluster, List.of(), all, Policies.named("priority"),
                new QuotaAdmission(new QuotaLedger(tree, Map.of())), T0);

        assertThat(started(passing)).containsExactly("capped-1", "capped-2", "free-10001");
        assertThat(started(passing)).isEqualTo(started(reading));
        assertThat(readByPlan).as("two started, the third held the line, the fourth was found behind it, and free's one").isEqualTo(5);
        assertThat(passing.waiting()).singleElement().satisfies(w -> assertThat(w.reason()).contains("queue capped is at its nominal cpu quota"));
    }

    /** A bound that holds queue {@code queue}'s line from the first of its jobs read. */
    private record HoldQueue(String queue) implements WaitingLine.StartBound {
        @Override
        public int hopelessGpus() {
            return Integer.MAX_VALUE;
        }

        @Override
        public int spareGpus() {
            return Integer.MAX_VALUE;
        }

        @Override
        public double endsWithinSeconds() {
            return Double.POSITIVE_INFINITY;
        }

        @Override
        public boolean lineHeld(Candidate candidate) {
            return candidate.queue().equals(queue);
        }
    }

    private static Job job(String queue, long seq, int priority) {
        return TestJobs.training().name(queue + "-" + seq).queue(queue).seq(seq).priority(priority).cpu("1").createdAt(T0).build();
    }

    private static Map<String, TreeSet<Job>> queues(Job... jobs) {
        Map<String, TreeSet<Job>> queues = new HashMap<>();
        for (Job job : jobs) {
            queues.computeIfAbsent(job.spec().queue(), q -> new TreeSet<>(QueueOrder.PRIORITY_THEN_FIFO)).add(job);
        }
        return queues;
    }

    /** The job's name from its candidate's id, its submission number: each test job's seq is its name's number. */
    private static String name(Candidate c) {
        return c.queue() + "-" + Long.parseLong(c.id());
    }

    private static List<String> names(Iterator<Candidate> candidates) {
        List<String> names = new ArrayList<>();
        candidates.forEachRemaining(c -> names.add(name(c)));
        return names;
    }

    private static List<String> started(AllocationPlan plan) {
        return plan.starts().stream().map(s -> name(s.candidate())).toList();
    }
}
