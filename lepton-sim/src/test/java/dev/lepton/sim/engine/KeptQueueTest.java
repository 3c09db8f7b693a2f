package dev.lepton.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.policy.Backfill;
import dev.lepton.core.policy.Candidate;
import dev.lepton.core.policy.LasConfig;
import dev.lepton.core.policy.Policies;
import dev.lepton.core.policy.SchedulingPolicy;
import dev.lepton.sim.ClusterSpec;
import dev.lepton.sim.trace.TraceJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The simulator keeps the waiting queue in the policy's order (re-filing a job when its class may
 * change) and reads it only as far as a plan can use it. These replays check that this decides
 * exactly as the straightforward way does: every candidate handed to {@code Allocator.allocate},
 * which sorts them all on every event.
 */
class KeptQueueTest {
    private static final ClusterSpec CLUSTER = new ClusterSpec(List.of(new ClusterSpec.NodeGroup(4, 8, "V100", 64_000, 256L << 30)));

    @Test
    void every_policy_with_a_kept_queue_decides_as_a_full_sort_does_on_a_busy_trace() {
        List<TraceJob> trace = trace(new Random(7), 600, false);
        for (String name : Policies.NAMES) {
            SchedulingPolicy policy = Policies.named(name);

            assertThat(replay(policy, trace)).as(name).isEqualTo(replay(new SortedEveryTime(policy), trace));
        }
    }

    @Test
    void jobs_without_gpus_still_start_on_a_cluster_whose_gpus_are_all_taken() {
        List<TraceJob> trace = trace(new Random(11), 400, true);
        for (String name : List.of("fifo", "backfill", "sjf")) {
            SchedulingPolicy policy = Policies.named(name);

            assertThat(replay(policy, trace)).as(name).isEqualTo(replay(new SortedEveryTime(policy), trace));
        }
    }

    @Test
    void least_attained_service_with_frequent_promotions_keeps_the_order_a_full_sort_finds() {
        // Thresholds low enough that most jobs are demoted, a promotion after waiting as long as the
        // job ran (at least 10 s): waiting jobs change places all the time.
        List<TraceJob> trace = trace(new Random(3), 600, false);
        for (LasConfig config : List.of(new LasConfig(List.of(100.0, 2_000.0, 20_000.0), 1, Duration.ofSeconds(10), Duration.ZERO),
                new LasConfig(List.of(500.0), 0.5, Duration.ZERO, Duration.ZERO),
                new LasConfig(List.of(300.0, 3_000.0), 2, Duration.ofSeconds(1), Duration.ofMinutes(30)))) {
            SchedulingPolicy las = Policies.las(config);

            assertThat(replay(las, trace)).as(config.toString()).isEqualTo(replay(new SortedEveryTime(las), trace));
        }
    }

    @Test
    void the_straightforward_replay_is_what_these_tests_compare_against() {
        assertThat(new WaitingJobs(Policies.named("backfill"), List.of()).kept()).isTrue();
        assertThat(new WaitingJobs(Policies.named("default"), List.of()).kept()).isTrue();
        assertThat(new WaitingJobs(new SortedEveryTime(Policies.named("backfill")), List.of()).kept()).isFalse();
        assertThat(new WaitingJobs(new SortedEveryTime(Policies.named("default")), List.of()).kept()).isFalse();
    }

    private static List<?> replay(SchedulingPolicy policy, List<TraceJob> trace) {
        return new Simulator(CLUSTER, SimulationConfig.of(policy), line -> {}).run(trace).jobs();
    }

    /**
     * Arrivals about twice as fast as 32 GPUs serve, so that the cluster is often full with a queue
     * behind it; sizes from 1 to 32 GPUs, durations spread over three orders of magnitude, a few
     * priorities (for {@code priority} and EASY's order) and, if asked, CPU-only jobs.
     */
    private static List<TraceJob> trace(Random random, int jobs, boolean withCpuOnly) {
        List<TraceJob> trace = new ArrayList<>();
        long submit = 0;
        int[] sizes = {1, 1, 1, 1, 2, 4, 8, 16, 32};
        for (int i = 0; i < jobs; i++) {
            submit += random.nextInt(120_000);
            long duration = 1_000L * (10 + (long) Math.pow(10, 1 + 3 * random.nextDouble()));
            int gpus = withCpuOnly && random.nextInt(10) == 0 ? 0 : sizes[random.nextInt(sizes.length)];
            long cpu = gpus == 0 ? 8_000 : 0;
            trace.add(new TraceJob("j" + i, submit, duration, gpus, 1, gpus > 0, Optional.empty(), cpu, 0, random.nextInt(3), "default"));
        }
        return trace;
    }

    /** The same policy, except that it tells the simulator its waiting order may change with time. */
    private record SortedEveryTime(SchedulingPolicy policy) implements SchedulingPolicy {
        @Override
        public String name() {
            return policy.name();
        }

        @Override
        public Comparator<Candidate> order(Instant now) {
            return policy.order(now);
        }

        @Override
        public boolean preemptive() {
            return policy.preemptive();
        }

        @Override
        public Backfill backfill() {
            return policy.backfill();
        }

        @Override
        public boolean mayPreempt(Candidate preemptor, Candidate victim, Instant now) {
            return policy.mayPreempt(preemptor, victim, now);
        }

        @Override
        public Predicate<Candidate> victimsOf(Candidate preemptor, Instant now) {
            return policy.victimsOf(preemptor, now);
        }

        @Override
        public long victimClass(Candidate candidate, Instant now) {
            return policy.victimClass(candidate, now);
        }

        @Override
        public boolean holdsTheLine(Candidate candidate, Instant now) {
            return policy.holdsTheLine(candidate, now);
        }

        @Override
        public boolean waitingOrderChangesWithTime() {
            return true;
        }

        @Override
        public Optional<Instant> nextReorder(Candidate candidate, Instant now) {
            return policy.nextReorder(candidate, now);
        }
    }
}
