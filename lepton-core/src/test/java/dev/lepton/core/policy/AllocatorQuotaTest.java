package dev.lepton.core.policy;

import static dev.lepton.core.policy.Fixtures.at;
import static dev.lepton.core.policy.Fixtures.job;
import static dev.lepton.core.policy.Fixtures.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.lepton.core.policy.Fixtures.Cluster;
import dev.lepton.core.quota.Quota;
import dev.lepton.core.quota.QueueSpec;
import dev.lepton.core.quota.QuotaAdmission;
import dev.lepton.core.quota.QuotaLedger;
import dev.lepton.core.quota.QuotaTree;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The allocator under quotas: each queue with a quota holds its own line, for want of room or of quota. */
class AllocatorQuotaTest {
    @Test
    void a_blocked_head_of_the_unlimited_queues_does_not_hold_back_a_queue_with_a_quota() {
        Cluster cluster = new Cluster().nodes(1, 8);
        Candidate hog = running(job("0-hog", 6, 0, 10_000), cluster, "n1", 0);
        Candidate big = job("1-big", 4, 10, 600);
        Candidate small = job("2-small", 1, 20, 600);
        Candidate ml = job("3-ml", 2, 30, 600).withQueue("ml");
        QuotaTree tree = QuotaTree.of(List.of(new QueueSpec("ml", Optional.empty(), new Quota(Map.of(Quota.GPU, 4L)), Optional.empty()),
                QueueSpec.unlimited("default")), List.of());
        QuotaAdmission quotas = new QuotaAdmission(new QuotaLedger(tree, Map.of("default", Quota.of(hog.perWorker()))));

        AllocationPlan plan = Allocator.standard().allocate(cluster.snapshot(), List.of(hog, big, small, ml), Policies.named("priority"),
                quotas, at(60));

        assertThat(plan.starts()).extracting(s -> s.candidate().id()).as("ml has its own line").containsExactly("3-ml");
        assertThat(plan.stoppedAt()).get().asString().contains("1-big holds the line");
        assertThat(plan.waiting()).anySatisfy(w -> {
            assertThat(w.candidate()).isEqualTo("2-small");
            assertThat(w.cause()).isEqualTo(AllocationPlan.Cause.ORDER);
        });
    }

    @Test
    void a_job_over_its_queue_s_quota_holds_its_line_under_a_strict_policy_and_not_under_backfill() {
        Cluster cluster = new Cluster().nodes(1, 8);
        Candidate running = running(job("0-running", 2, 0, 10_000).withQueue("ml"), cluster, "n1", 0);
        Candidate big = job("1-big", 4, 10, 600).withQueue("ml");
        Candidate small = job("2-small", 1, 20, 600).withQueue("ml");
        QuotaTree tree = QuotaTree.of(List.of(new QueueSpec("ml", Optional.empty(), new Quota(Map.of(Quota.GPU, 4L)), Optional.empty())),
                List.of());

        AllocationPlan strict = Allocator.standard().allocate(cluster.snapshot(), List.of(running, big, small), Policies.named("priority"),
                new QuotaAdmission(new QuotaLedger(tree, Map.of("ml", Quota.of(running.perWorker())))), at(60));
        AllocationPlan backfill = Allocator.standard().allocate(cluster.snapshot(), List.of(running, big, small), Policies.named("backfill"),
                new QuotaAdmission(new QuotaLedger(tree, Map.of("ml", Quota.of(running.perWorker())))), at(60));

        assertThat(strict.starts()).as("the small job may not take the quota the big one waits for").isEmpty();
        assertThat(strict.stoppedAt()).get().asString().contains("1-big holds the line of queue ml");
        assertThat(strict.waiting()).extracting(AllocationPlan.Waiting::candidate, AllocationPlan.Waiting::cause)
                .containsExactly(tuple("1-big", AllocationPlan.Cause.ADMISSION), tuple("2-small", AllocationPlan.Cause.ORDER));
        assertThat(backfill.starts()).extracting(s -> s.candidate().id()).containsExactly("2-small");
    }
}
