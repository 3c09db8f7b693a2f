package dev.lepton.core.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QuotaLedgerTest {
    static Quota gpus(long n) {
        return new Quota(Map.of(Quota.GPU, n));
    }

    static QueueSpec queue(String name, String cohort, long nominalGpus, Long borrowingLimit) {
        return new QueueSpec(name, Optional.ofNullable(cohort), gpus(nominalGpus), Optional.ofNullable(borrowingLimit).map(QuotaLedgerTest::gpus));
    }

    static QuotaLedger ledger(QueueSpec... queues) {
        return new QuotaLedger(QuotaTree.of(List.of(queues), List.of()), Map.of());
    }

    @Test
    void a_queue_the_tree_does_not_hold_is_refused_rather_than_run_without_a_quota() {
        QuotaLedger ledger = ledger(queue("vision", null, 8, null));

        assertThat(ledger.refuse("deleted", gpus(1))).contains("queue deleted does not exist");
    }

    @Test
    void a_queue_runs_up_to_its_nominal_quota_and_no_further_without_a_cohort() {
        QuotaLedger ledger = ledger(queue("vision", null, 8, null));

        assertThat(ledger.refuse("vision", gpus(8))).isEmpty();
        ledger.charge("vision", gpus(6));
        assertThat(ledger.refuse("vision", gpus(2))).isEmpty();
        assertThat(ledger.refuse("vision", gpus(3))).get().asString()
                .contains("vision is at its nominal nvidia.com/gpu quota 8").contains("no cohort");
    }

    @Test
    void a_quota_governs_only_the_resources_it_names() {
        QuotaLedger ledger = ledger(queue("vision", null, 8, null), QueueSpec.unlimited("default"));

        assertThat(ledger.refuse("vision", Quota.of(64_000, 1L << 40, 0, Optional.empty()))).isEmpty();
        assertThat(ledger.refuse("default", gpus(1_000))).as("a queue without a quota is unlimited").isEmpty();
    }

    @Test
    void idle_quota_of_the_cohort_is_lent_within_the_borrowing_limit() {
        QuotaLedger ledger = ledger(queue("vision", "research", 8, 4L), queue("nlp", "research", 8, null), queue("audio", "research", 2, null));

        ledger.charge("vision", gpus(8));
        assertThat(ledger.refuse("vision", gpus(4))).isEmpty();
        assertThat(ledger.refuse("vision", gpus(5))).get().asString().contains("may borrow at most 4");

        ledger.charge("vision", gpus(4));
        ledger.charge("nlp", gpus(2));
        ledger.charge("audio", gpus(2));
        assertThat(ledger.borrowed("vision", Quota.GPU)).isEqualTo(4);
        assertThat(ledger.refuse("nlp", gpus(6))).as("nominal quota is guaranteed: what vision borrowed is reclaimed").isEmpty();
        assertThat(ledger.refuse("audio", gpus(2))).isEmpty();
        assertThat(ledger.refuse("audio", gpus(3))).as("nlp's 6 idle, less the 4 lent to vision").get().asString()
                .contains("cohort research has 2 idle to lend, 3 needed");
    }

    @Test
    void nested_cohorts_pool_their_idle_quota_at_the_root() {
        QueueSpec a = queue("a", "team-a", 4, null);
        QueueSpec b = queue("b", "team-b", 4, null);
        QuotaLedger ledger = new QuotaLedger(QuotaTree.of(List.of(a, b),
                List.of(new CohortSpec("team-a", Optional.of("org")), new CohortSpec("team-b", Optional.of("org")))), Map.of());

        assertThat(ledger.refuse("a", gpus(8))).isEmpty();
        ledger.charge("b", gpus(1));
        assertThat(ledger.refuse("a", gpus(8))).get().asString().contains("cohort org has 3 idle");
    }

    @Test
    void the_share_counts_what_a_queue_borrows_of_its_cohorts_quota() {
        QuotaLedger ledger = ledger(queue("a", "c", 8, null), queue("b", "c", 4, null), queue("idle", "c", 4, null), queue("solo", null, 2, null));
        ledger.charge("a", gpus(6));
        ledger.charge("b", gpus(7));
        ledger.charge("solo", gpus(2));

        assertThat(ledger.shareWith("a", Quota.NONE)).as("within its nominal quota").isZero();
        assertThat(ledger.shareWith("b", Quota.NONE)).as("borrows 3 of the cohort's 16").isEqualTo(3 / 16.0);
        assertThat(ledger.shareWith("solo", Quota.NONE)).as("no cohort, nothing to share").isZero();
        assertThat(ledger.shareWith("b", gpus(1))).as("what b's next job would make it").isEqualTo(4 / 16.0);
        assertThat(ledger.shareWithout("b", gpus(2))).as("what stopping a 2-GPU job of b would leave").isEqualTo(1 / 16.0);
        assertThat(ledger.shareWith("a", gpus(3))).as("a would borrow 1").isEqualTo(1 / 16.0);
        assertThat(ledger.withinNominal("a", gpus(2))).isTrue();
        assertThat(ledger.withinNominal("a", gpus(3))).isFalse();
        assertThat(ledger.withinNominal("default", gpus(1))).as("an unlimited queue has no quota to reclaim").isFalse();
        ledger.release("b", gpus(10));
        assertThat(ledger.usage("b").get(Quota.GPU)).isZero();
    }

    @Test
    void borrowed_is_what_a_queue_uses_beyond_the_resources_its_quota_names() {
        QueueSpec ml = new QueueSpec("ml", Optional.of("research"), new Quota(Map.of(Quota.GPU, 4L, Quota.CPU, 8_000L)), Optional.empty());
        Quota usage = new Quota(Map.of(Quota.GPU, 6L, Quota.CPU, 2_000L, Quota.MEMORY, 64L << 30));

        assertThat(ml.beyondNominal(usage).amounts()).as("GPUs beyond 4; CPU within; memory has no quota").containsExactly(Map.entry(Quota.GPU, 2L));
        assertThat(ml.beyondNominal(Quota.NONE).amounts()).isEmpty();
    }

    @Test
    void a_cohort_cycle_and_impossible_quotas_are_refused_naming_the_field() {
        assertThatThrownBy(() -> QuotaTree.of(List.of(), List.of(new CohortSpec("x", Optional.of("y")), new CohortSpec("y", Optional.of("x")))))
                .isInstanceOf(LeptonException.class).hasMessageContaining("cycle").hasMessageContaining("spec.parent")
                .extracting(e -> ((LeptonException) e).code()).isEqualTo(ErrorCode.INVALID_SPEC);
        assertThatThrownBy(() -> QuotaTree.of(List.of(new QueueSpec("q", Optional.empty(),
                new Quota(Map.of(Quota.GPU, 4L, Quota.GPU + ":H100", 8L)), Optional.empty())), List.of()))
                .hasMessageContaining("queue q.spec.quota.nominal.nvidia.com/gpu:H100").hasMessageContaining("more than its nominal 4");
        assertThatThrownBy(() -> QuotaTree.of(List.of(queue("q", null, 4, 2L)), List.of()))
                .hasMessageContaining("borrowingLimit").hasMessageContaining("cohort");
        assertThatThrownBy(() -> gpus(-1)).hasMessageContaining("must not be negative");
    }
}
