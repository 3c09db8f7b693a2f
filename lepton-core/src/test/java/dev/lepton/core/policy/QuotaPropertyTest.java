package dev.lepton.core.policy;

import static dev.lepton.core.policy.Fixtures.at;
import static dev.lepton.core.policy.Fixtures.job;
import static dev.lepton.core.policy.Fixtures.running;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.policy.Fixtures.Cluster;
import dev.lepton.core.quota.CohortSpec;
import dev.lepton.core.quota.Quota;
import dev.lepton.core.quota.QueueSpec;
import dev.lepton.core.quota.QuotaAdmission;
import dev.lepton.core.quota.QuotaLedger;
import dev.lepton.core.quota.QuotaTree;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * "Never over quota", asserted on every plan rather than sampled from a running server: on random
 * clusters, queues of one cohort with random nominal quotas and borrowing limits, jobs already
 * running within them and jobs waiting, what runs once a plan is applied (running, less the plan's
 * victims, plus its starts) keeps each queue within its nominal quota plus what it may borrow, and
 * the cohort within the sum of its queues' nominal quotas.
 */
class QuotaPropertyTest {
    private static final long SEED = 0x9007A;
    private static final int CASES = 400;
    private static final List<String> POLICIES = List.of("priority", "fifo", "las", "backfill", "default");

    @Test
    void no_plan_takes_a_queue_past_its_quota_and_what_it_may_borrow_nor_the_cohort_past_its_pool() {
        SplittableRandom random = new SplittableRandom(SEED);
        int started = 0;
        int preempted = 0;
        for (int n = 0; n < CASES; n++) {
            int queues = random.nextInt(2, 5);
            List<QueueSpec> specs = new ArrayList<>();
            for (int q = 0; q < queues; q++) {
                Optional<Quota> borrowing = random.nextBoolean() ? Optional.empty() : Optional.of(gpus(random.nextInt(0, 9)));
                specs.add(new QueueSpec("q" + q, Optional.of("pool"), gpus(random.nextInt(0, 9)), borrowing));
            }
            QuotaTree tree = QuotaTree.of(specs, List.of(new CohortSpec("pool", Optional.empty())));
            Cluster cluster = new Cluster().nodes(random.nextInt(1, 5), 8);
            List<Candidate> candidates = new ArrayList<>();
            Map<String, Quota> usage = new HashMap<>();
            // Jobs already running, each admitted within its queue's nominal quota.
            for (QueueSpec spec : specs) {
                long room = spec.nominal().get(Quota.GPU);
                for (int j = 0; room > 0 && j < 3; j++) {
                    int g = (int) Math.min(room, random.nextInt(1, 5));
                    Candidate c = job("r-" + spec.name() + "-" + j, g, 0, 10_000).withQueue(spec.name()).withPriority(random.nextInt(0, 3));
                    if (cluster.freeOnSomeNode(g).isEmpty()) {
                        break;
                    }
                    candidates.add(running(c, cluster, cluster.freeOnSomeNode(g).get(), 0));
                    usage.merge(spec.name(), gpus(g), Quota::plus);
                    room -= g;
                }
            }
            for (int j = 0; j < random.nextInt(1, 12); j++) {
                String queue = "q" + random.nextInt(queues);
                candidates.add(job("w-" + j, random.nextInt(1, 9), 10 + j, 600).withQueue(queue).withPriority(random.nextInt(0, 5)));
            }
            String policy = POLICIES.get(random.nextInt(POLICIES.size()));

            AllocationPlan plan = Allocator.standard().allocate(cluster.snapshot(), candidates, Policies.named(policy),
                    new QuotaAdmission(new QuotaLedger(tree, usage)), at(60));

            Set<String> victims = new HashSet<>();
            plan.preemptions().forEach(p -> victims.add(p.victim().id()));
            Map<String, Long> after = new HashMap<>();
            candidates.stream().filter(Candidate::running).filter(c -> !victims.contains(c.id()))
                    .forEach(c -> after.merge(c.queue(), (long) c.gpus() * c.workers(), Long::sum));
            plan.starts().forEach(s -> after.merge(s.candidate().queue(), (long) s.candidate().gpus() * s.candidate().workers(), Long::sum));
            long pool = 0;
            long used = 0;
            for (QueueSpec spec : specs) {
                long nominal = spec.nominal().get(Quota.GPU);
                long mayBorrow = spec.borrowingLimit().map(l -> l.get(Quota.GPU)).orElse(Long.MAX_VALUE / 4);
                long runs = after.getOrDefault(spec.name(), 0L);
                assertThat(runs).as("case %d (%s): queue %s holds %d GPUs, nominal %d, may borrow %d; plan %s", n, policy, spec.name(),
                        runs, nominal, mayBorrow, plan).isLessThanOrEqualTo(nominal + mayBorrow);
                pool += nominal;
                used += runs;
            }
            assertThat(used).as("case %d (%s): the cohort holds %d GPUs of a pool of %d; queues %s; candidates %s; plan %s", n, policy, used, pool,
                    specs, candidates.stream().map(c -> c.id() + "/" + c.queue() + "/" + c.gpus() + (c.running() ? "R" : "W") + "/p" + c.priority()).toList(), plan).isLessThanOrEqualTo(pool);
            started += plan.starts().size();
            preempted += plan.preemptions().size();
        }
        // The cases must start and preempt often, or the property proves little.
        assertThat(started).isGreaterThan(CASES / 2);
        assertThat(preempted).isPositive();
    }

    private static Quota gpus(long n) {
        return new Quota(Map.of(Quota.GPU, n));
    }
}
