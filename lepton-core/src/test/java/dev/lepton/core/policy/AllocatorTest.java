package dev.lepton.core.policy;

import static dev.lepton.core.policy.Fixtures.at;
import static dev.lepton.core.policy.Fixtures.job;
import static dev.lepton.core.policy.Fixtures.running;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.placement.Assignment;
import dev.lepton.core.policy.AllocationPlan.Cause;
import dev.lepton.core.policy.AllocationPlan.Waiting;
import dev.lepton.core.policy.Fixtures.Cluster;
import dev.lepton.core.resource.Resources;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AllocatorTest {
    private static final Instant NOW = at(1000);
    private final Allocator allocator = Allocator.standard();

    private AllocationPlan plan(Cluster cluster, String policy, Candidate... candidates) {
        return plan(cluster, Policies.named(policy), candidates);
    }

    private AllocationPlan plan(Cluster cluster, SchedulingPolicy policy, Candidate... candidates) {
        return allocator.allocate(cluster.snapshot(), List.of(candidates), policy, Admission.NONE, NOW);
    }

    private static List<String> started(AllocationPlan plan) {
        return plan.starts().stream().map(s -> s.candidate().id()).toList();
    }

    private static List<String> preempted(AllocationPlan plan) {
        return plan.preemptions().stream().map(p -> p.victim().id()).sorted().toList();
    }

    private static Optional<Cause> cause(AllocationPlan plan, String id) {
        return plan.waiting().stream().filter(w -> w.candidate().equals(id)).map(Waiting::cause).findFirst();
    }

    @Test
    void fifo_starts_jobs_in_submission_order_until_one_does_not_fit() {
        Cluster cluster = new Cluster().nodes(1, 4);
        Candidate busy = running(job("busy", 2, 0, 100), cluster, "n1", 900);

        AllocationPlan plan = plan(cluster, "fifo", job("small-late", 1, 30, 10), job("big", 4, 20, 10), busy, job("first", 1, 10, 10));

        assertThat(started(plan)).containsExactly("first");
        assertThat(cause(plan, "big")).contains(Cause.RESOURCES);
        assertThat(cause(plan, "small-late")).isEmpty();
        assertThat(plan.stoppedAt()).hasValueSatisfying(s -> assertThat(s).contains("big"));
    }

    @Test
    void a_greedy_policy_lets_a_small_job_pass_one_that_does_not_fit() {
        Cluster cluster = new Cluster().nodes(1, 4);
        Candidate busy = running(job("busy", 2, 0, 100), cluster, "n1", 900);

        AllocationPlan plan = plan(cluster, "sjf", busy, job("big", 4, 10, 5), job("small", 1, 20, 50));

        assertThat(started(plan)).containsExactly("small");
    }

    @Test
    void easy_backfill_starts_a_job_that_ends_before_the_head_s_reservation_and_holds_one_that_would_delay_it() {
        Cluster cluster = new Cluster().nodes(1, 4);
        // Frees its 2 GPUs 100 s from now: the 4-GPU head is promised t+100.
        Candidate busy = running(job("busy", 2, 0, 1000), cluster, "n1", 100);

        AllocationPlan plan = plan(cluster, "backfill", busy, job("head", 4, 10, 500), job("short", 1, 20, 60), job("long", 1, 30, 500));

        assertThat(started(plan)).containsExactly("short");
        assertThat(cause(plan, "head")).contains(Cause.RESOURCES);
        assertThat(cause(plan, "long")).contains(Cause.RESERVATION);
    }

    @Test
    void easy_backfill_lets_a_long_job_use_the_gpus_the_head_will_not_need() {
        Cluster cluster = new Cluster().nodes(1, 8);
        Candidate busy = running(job("busy", 4, 0, 1000), cluster, "n1", 100);   // ends at t+100

        // The 6-GPU head needs 6 of the 8 free at t+100: 2 are extra.
        AllocationPlan plan = plan(cluster, "backfill", busy, job("head", 6, 10, 500), job("long-2", 2, 20, 5000),
                job("long-1", 1, 30, 5000));

        assertThat(started(plan)).containsExactly("long-2");
        assertThat(cause(plan, "long-1")).contains(Cause.RESERVATION);
    }

    @Test
    void las_lets_a_fresh_job_preempt_one_that_has_used_up_its_queue() {
        SchedulingPolicy las = Policies.las(new LasConfig(List.of(100.0), 0, Duration.ZERO, Duration.ZERO));
        Cluster cluster = new Cluster().nodes(1, 4);
        Candidate veteran = running(job("veteran", 4, 0, 10_000), cluster, "n1", 900);   // 400 GPU-s by now: queue 1

        AllocationPlan plan = plan(cluster, las, veteran, job("fresh", 1, 950, 10));

        assertThat(preempted(plan)).containsExactly("veteran");
        assertThat(started(plan)).containsExactly("fresh");
        assertThat(plan.preemptions().get(0).beneficiary()).isEqualTo("fresh");
    }

    @Test
    void las_does_not_preempt_a_job_of_the_same_queue() {
        SchedulingPolicy las = Policies.las(new LasConfig(List.of(100_000.0), 0, Duration.ZERO, Duration.ZERO));
        Cluster cluster = new Cluster().nodes(1, 4);
        Candidate peer = running(job("peer", 4, 0, 10_000), cluster, "n1", 900);

        AllocationPlan plan = plan(cluster, las, peer, job("fresh", 1, 950, 10));

        assertThat(plan.preemptions()).isEmpty();
        assertThat(started(plan)).isEmpty();
        assertThat(cause(plan, "fresh")).contains(Cause.RESOURCES);
    }

    @Test
    void preemption_takes_the_smallest_set_of_victims() {
        Cluster cluster = new Cluster().nodes(1, 8);
        Candidate a = running(job("a", 1, 0, 1000), cluster, "n1", 990);
        Candidate b = running(job("b", 1, 0, 1000), cluster, "n1", 990);
        Candidate c = running(job("c", 4, 0, 1000), cluster, "n1", 500);   // more progress at risk, but one victim frees enough
        // 2 GPUs free; the urgent job needs 4: {c} beats {a, b}.

        AllocationPlan plan = plan(cluster, "priority", a, b, c, job("urgent", 4, 900, 10).withPriority(10));

        assertThat(preempted(plan)).containsExactly("c");
        assertThat(started(plan)).containsExactly("urgent");
    }

    @Test
    void preemption_stops_lower_priority_work_before_higher_even_if_that_takes_more_victims() {
        Cluster cluster = new Cluster().nodes(1, 8);
        Candidate a = running(job("a", 1, 0, 1000), cluster, "n1", 990);
        Candidate b = running(job("b", 1, 0, 1000), cluster, "n1", 990);
        Candidate c = running(job("c", 4, 0, 1000).withPriority(5), cluster, "n1", 990);

        AllocationPlan plan = plan(cluster, "priority", a, b, c, job("urgent", 4, 900, 10).withPriority(10));

        assertThat(preempted(plan)).containsExactly("a", "b");
    }

    @Test
    void among_equal_victims_the_one_losing_least_progress_goes() {
        Cluster cluster = new Cluster().nodes(1, 2);
        Candidate old = running(job("old", 1, 0, 10_000), cluster, "n1", 100);
        Candidate recent = running(job("recent", 1, 0, 10_000), cluster, "n1", 990);

        AllocationPlan plan = plan(cluster, "priority", old, recent, job("urgent", 1, 900, 10).withPriority(10));

        assertThat(preempted(plan)).containsExactly("recent");
    }

    @Test
    void nothing_is_preempted_for_a_job_that_still_would_not_fit() {
        Cluster cluster = new Cluster().nodes(2, 4);
        Candidate low = running(job("low", 2, 0, 10_000), cluster, "n1", 900);
        Candidate high = running(job("high", 4, 0, 10_000).withPriority(20), cluster, "n2", 900);
        // Needs 8 GPUs: preempting "low" frees only 2 more (4 + 2 < 8) and "high" outranks the newcomer.

        AllocationPlan plan = plan(cluster, "priority", low, high, job("big", 8, 950, 10).withPriority(10));

        assertThat(plan.preemptions()).isEmpty();
        assertThat(plan.starts()).isEmpty();
    }

    @Test
    void a_job_that_may_not_be_preempted_is_never_a_victim() {
        Cluster cluster = new Cluster().nodes(1, 1);
        Candidate protectedJob = running(job("protected", 1, 0, 10_000).withPreemption(true, false), cluster, "n1", 900);

        AllocationPlan plan = plan(cluster, "priority", protectedJob, job("urgent", 1, 950, 10).withPriority(10));

        assertThat(plan.preemptions()).isEmpty();
    }

    @Test
    void a_job_larger_than_the_cluster_is_infeasible_and_does_not_block_the_queue() {
        Cluster cluster = new Cluster().nodes(1, 4);

        AllocationPlan plan = plan(cluster, "fifo", job("huge", 16, 0, 10), job("small", 1, 10, 10));

        assertThat(cause(plan, "huge")).contains(Cause.INFEASIBLE);
        assertThat(started(plan)).containsExactly("small");
    }

    @Test
    void a_job_only_an_unhealthy_node_could_hold_waits_for_it_rather_than_being_called_infeasible() {
        Cluster cluster = new Cluster().nodes(1, 8).nodes(1, 2).unhealthy("n1");

        AllocationPlan plan = plan(cluster, "fifo", job("big", 4, 0, 10), job("small", 1, 10, 10));

        assertThat(cause(plan, "big")).as("health can change; 'never' is for what no node could ever hold").contains(Cause.RESOURCES);
        assertThat(started(plan)).isEmpty();
    }

    @Test
    void a_gang_that_only_gpus_of_two_models_together_could_hold_is_infeasible_and_does_not_block_the_queue() {
        Cluster cluster = new Cluster().nodes(1, 4, "V100").nodes(1, 4, "A100");

        Candidate eight = Candidate.waiting("eight", new Resources(0, 0, 4), 2, at(0)).withRemaining(Duration.ofSeconds(10));

        AllocationPlan plan = plan(cluster, "fifo", eight, job("four", 4, 10, 10));

        assertThat(cause(plan, "eight")).contains(Cause.INFEASIBLE);
        assertThat(plan.waiting()).filteredOn(w -> w.candidate().equals("eight")).singleElement()
                .satisfies(w -> assertThat(w.reason()).endsWith("the cluster can never hold that on GPUs of one model"));
        assertThat(started(plan)).containsExactly("four");
    }

    @Test
    void a_reshapeable_gang_spans_nodes_only_when_one_node_cannot_hold_it() {
        Cluster cluster = new Cluster().nodes(3, 8);
        running(job("filler", 4, 0, 10), cluster, "n1", 900);

        AllocationPlan plan = plan(cluster, "fifo", job("eight", 8, 0, 10).withReshapeable(true),
                job("sixteen", 16, 10, 10).withReshapeable(true));

        // Nothing is running in the snapshot's candidates, but n1 has 4 GPUs in use.
        assertThat(plan.starts().get(0).assignments()).hasSize(1);
        assertThat(cause(plan, "sixteen")).contains(Cause.RESOURCES);
        Cluster empty = new Cluster().nodes(2, 8);
        AllocationPlan spanning = plan(empty, "fifo", job("sixteen", 16, 10, 10).withReshapeable(true));
        assertThat(spanning.starts().get(0).assignments()).extracting(Assignment::node).containsExactlyInAnyOrder("n1", "n2");
    }

    @Test
    void admission_refusals_become_waiting_reasons_and_admitted_jobs_are_reported() {
        Cluster cluster = new Cluster().nodes(1, 4);
        List<String> admitted = new ArrayList<>();
        Admission quota = new Admission() {
            @Override
            public Optional<String> refuse(Candidate candidate) {
                return candidate.queue().equals("ml") ? Optional.of("queue ml is at its nominal GPU quota 16") : Optional.empty();
            }

            @Override
            public void admitted(Candidate candidate) {
                admitted.add(candidate.id());
            }
        };

        AllocationPlan plan = allocator.allocate(cluster.snapshot(), List.of(job("ml-job", 1, 0, 10).withQueue("ml"), job("ok", 1, 10, 10)),
                Policies.named("fifo"), quota, NOW);

        assertThat(plan.waiting()).containsExactly(new Waiting("ml-job", Cause.ADMISSION, "queue ml is at its nominal GPU quota 16"));
        assertThat(admitted).containsExactly("ok");
    }

    @Test
    void reading_a_presorted_queue_gives_the_same_plan_as_sorting_it() {
        Cluster cluster = new Cluster().nodes(2, 4);
        Candidate busy = running(job("busy", 3, 0, 100), cluster, "n1", 900);
        List<Candidate> waiting = new ArrayList<>(List.of(job("c", 2, 30, 10), job("a", 1, 10, 10), job("b", 4, 20, 10)));
        SchedulingPolicy fifo = Policies.named("fifo");

        AllocationPlan sorted = allocator.allocate(cluster.snapshot(), concat(busy, waiting), fifo, Admission.NONE, NOW);
        waiting.sort(fifo.order(NOW));
        AllocationPlan inOrder = allocator.allocateInOrder(cluster.snapshot(), List.of(busy), waiting, fifo, Admission.NONE, NOW);

        assertThat(inOrder).isEqualTo(sorted);
        assertThat(started(sorted)).containsExactly("a", "b");
    }

    @Test
    void many_single_gpu_jobs_fill_a_large_cluster_gpu_by_gpu() {
        Cluster cluster = new Cluster().nodes(100, 8);
        List<Candidate> jobs = new ArrayList<>();
        for (int i = 0; i < 900; i++) {
            jobs.add(Candidate.waiting("j" + i, new Resources(0, 0, 1), 1, at(i)));
        }

        AllocationPlan plan = new Allocator(dev.lepton.core.placement.Placement.standard(), false)
                .allocate(cluster.snapshot(), jobs, Policies.named("fifo"), Admission.NONE, NOW);

        assertThat(plan.starts()).hasSize(800);
        assertThat(plan.starts().stream().flatMap(s -> s.assignments().stream()).map(a -> a.node() + "/" + a.gpuIndices()).distinct())
                .hasSize(800);
    }

    private static List<Candidate> concat(Candidate first, List<Candidate> rest) {
        List<Candidate> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }
}
