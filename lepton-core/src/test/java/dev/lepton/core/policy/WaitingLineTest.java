package dev.lepton.core.policy;

import static dev.lepton.core.policy.Fixtures.at;
import static dev.lepton.core.policy.Fixtures.job;
import static dev.lepton.core.policy.Fixtures.running;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.placement.Placement;
import dev.lepton.core.policy.Fixtures.Cluster;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WaitingLineTest {
    private static final Instant NOW = at(1000);
    private final Allocator quiet = new Allocator(Placement.standard(), false);

    @Test
    void behind_a_full_cluster_a_plan_reads_one_candidate_of_a_long_queue() {
        Cluster cluster = new Cluster().nodes(1, 4);
        Candidate busy = running(job("busy", 4, 0, 10_000), cluster, "n1", 100);
        CountingLine line = new CountingLine(IntStream.range(0, 1_000).mapToObj(i -> job("w" + i, 1, 10 + i, 60)).toList());

        AllocationPlan plan = quiet.allocateInOrder(cluster.snapshot(), List.of(busy), line, Policies.named("backfill"), Admission.NONE, NOW);

        assertThat(plan.starts()).isEmpty();
        assertThat(line.read).isEqualTo(1);
    }

    @Test
    void a_preemptive_plan_stops_once_no_one_left_has_victims_enough_and_decides_as_a_full_reading_would() {
        Cluster cluster = new Cluster().nodes(1, 4);
        // 100 GPU-hours attained: las' bottom queue, so any newcomer may preempt it.
        Candidate old = running(job("old", 3, 0, 100_000), cluster, "n1", 0).withAttained(100 * 3600.0);
        List<Candidate> waiting = new ArrayList<>(List.of(job("small", 1, 10, 60)));
        IntStream.range(0, 1_000).forEach(i -> waiting.add(job("pair" + i, 2, 20 + i, 60)));
        CountingLine line = new CountingLine(waiting);
        SchedulingPolicy las = Policies.named("las");

        AllocationPlan plan = quiet.allocateInOrder(cluster.snapshot(), List.of(old), line, las, Admission.NONE, NOW);
        AllocationPlan read = quiet.allocateInOrder(cluster.snapshot(), List.of(old), List.copyOf(waiting), las, Admission.NONE, NOW);

        // small takes the free GPU; pair0 preempts old; pair1 finds one GPU free and no one left to preempt.
        assertThat(plan.starts()).extracting(s -> s.candidate().id()).containsExactly("small", "pair0");
        assertThat(plan.preemptions()).extracting(p -> p.victim().id()).containsExactly("old");
        assertThat(line.read).isEqualTo(3);
        assertThat(plan.starts()).isEqualTo(read.starts());
        assertThat(plan.preemptions()).isEqualTo(read.preemptions());
    }

    @Test
    void a_job_that_needs_no_gpu_is_still_read_behind_a_full_cluster() {
        Cluster cluster = new Cluster().nodes(1, 4);
        Candidate busy = running(job("busy", 4, 0, 10_000), cluster, "n1", 100);
        List<Candidate> waiting = new ArrayList<>(IntStream.range(0, 100).mapToObj(i -> job("w" + i, 1, 10 + i, 60)).toList());
        waiting.add(job("cpu-only", 0, 500, 60));

        AllocationPlan plan = quiet.allocateInOrder(cluster.snapshot(), List.of(busy), new CountingLine(waiting), Policies.named("sjf"),
                Admission.NONE, NOW);

        assertThat(plan.starts()).extracting(s -> s.candidate().id()).containsExactly("cpu-only");
    }

    /** A queue in order that counts how far a plan read it. */
    private static final class CountingLine implements WaitingLine {
        private final List<Candidate> inOrder;
        private final NavigableMap<Integer, Integer> byGpus = new TreeMap<>();
        int read;

        CountingLine(List<Candidate> inOrder) {
            this.inOrder = inOrder;
            inOrder.forEach(c -> byGpus.merge(c.gpus(), 1, Integer::sum));
        }

        @Override
        public NavigableMap<Integer, Integer> countByGpus() {
            return byGpus;
        }

        @Override
        public Iterator<Candidate> iterator() {
            return inOrder.stream().map(c -> {
                read++;
                return c;
            }).iterator();
        }
    }
}
