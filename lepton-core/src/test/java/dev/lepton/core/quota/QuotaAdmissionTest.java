package dev.lepton.core.quota;

import static dev.lepton.core.quota.QuotaLedgerTest.gpus;
import static dev.lepton.core.quota.QuotaLedgerTest.queue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.policy.Admission.Stance;
import dev.lepton.core.policy.Candidate;
import dev.lepton.core.resource.Resources;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Whom quotas let a job of one queue preempt in another: protect, reclaim, rebalance, or leave it to the policy. */
class QuotaAdmissionTest {
    static final QuotaTree TREE = QuotaTree.of(List.of(queue("a", "org", 2, null), queue("b", "org", 2, null),
            queue("reserve", "org", 8, null), queue("solo", null, 4, null),
            new QueueSpec("cpus", Optional.of("org"), new Quota(Map.of(Quota.CPU, 16_000L)), Optional.empty())), List.of());

    static Candidate oneGpu(String queue) {
        return Candidate.waiting(queue + "-job", new Resources(0, 0, 1), 1, Instant.EPOCH).withQueue(queue);
    }

    static QuotaAdmission using(long a, long b) {
        return new QuotaAdmission(new QuotaLedger(TREE, Map.of("a", gpus(a), "b", gpus(b))));
    }

    @Test
    void work_within_its_queues_nominal_quota_is_protected() {
        assertThat(using(2, 2).stance(oneGpu("b"), oneGpu("a"))).isEqualTo(Stance.PROTECTED);
    }

    @Test
    void a_queue_within_its_nominal_quota_reclaims_what_another_borrows() {
        assertThat(using(10, 1).stance(oneGpu("b"), oneGpu("a"))).isEqualTo(Stance.RECLAIM);
    }

    @Test
    void beyond_its_nominal_quota_a_queue_takes_only_until_shares_are_even() {
        // a borrows 8 of the cohort's 12: b, borrowing 1 with its job, takes from it.
        assertThat(using(10, 2).stance(oneGpu("b"), oneGpu("a"))).isEqualTo(Stance.REBALANCE);
        // a borrows 4, b 3: with its job b would borrow 4, a without one job 3.
        assertThat(using(6, 5).stance(oneGpu("b"), oneGpu("a"))).isEqualTo(Stance.PROTECTED);
        // Even shares are stable: at 4 and 4, neither takes from the other.
        assertThat(using(6, 6).stance(oneGpu("b"), oneGpu("a"))).isEqualTo(Stance.PROTECTED);
        assertThat(using(6, 6).stance(oneGpu("a"), oneGpu("b"))).isEqualTo(Stance.PROTECTED);
    }

    @Test
    void queues_outside_the_cohort_tree_leave_borrowed_work_to_the_policy() {
        assertThat(using(10, 2).stance(oneGpu("solo"), oneGpu("a"))).isEqualTo(Stance.POLICY);
        assertThat(using(10, 2).stance(oneGpu("default"), oneGpu("a"))).isEqualTo(Stance.POLICY);
        assertThat(using(10, 2).stance(oneGpu("a"), oneGpu("a"))).as("within a queue").isEqualTo(Stance.POLICY);
        assertThat(using(10, 2).stance(oneGpu("cpus"), oneGpu("a"))).as("a queue whose quota names no GPUs lent none")
                .isEqualTo(Stance.POLICY);
    }

    @Test
    void the_next_job_comes_from_the_queue_that_would_borrow_least_with_it_started() {
        // a holds its nominal 2, b nothing: both shares are 0 now, but a's next job would borrow and
        // b's would not, so b's goes first although a's was submitted first (Kueue orders so too).
        Candidate first = Candidate.waiting("a-1", new Resources(0, 0, 1), 1, Instant.EPOCH).withQueue("a");
        Candidate second = Candidate.waiting("b-1", new Resources(0, 0, 1), 1, Instant.EPOCH.plusSeconds(1)).withQueue("b");

        assertThat(using(2, 0).order(List.of(first, second))).extracting(Candidate::id).containsExactly("b-1", "a-1");
        assertThat(using(1, 0).order(List.of(first, second))).as("both within nominal: submission order")
                .extracting(Candidate::id).containsExactly("a-1", "b-1");
    }

    @Test
    void an_answer_holds_until_usage_changes() {
        // Solo has nominal 4 GPUs and no cohort: with 3 in use one more fits, and after it starts none does.
        QuotaAdmission admission = new QuotaAdmission(new QuotaLedger(TREE, Map.of("solo", gpus(3))));
        Candidate one = oneGpu("solo");

        assertThat(admission.refuse(one)).isEmpty();
        assertThat(admission.refuse(one)).as("asked again, same answer").isEmpty();
        admission.admitted(one);
        assertThat(admission.refuse(one)).hasValueSatisfying(why -> assertThat(why).contains("queue solo is at its nominal nvidia.com/gpu quota 4"));
        admission.released(one);
        assertThat(admission.refuse(one)).isEmpty();
    }
}
