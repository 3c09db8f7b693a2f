package dev.lepton.store;

import static dev.lepton.store.StoreTestJobs.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.Usage;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the usage ledger ({@link AttemptUsageRepository}) promises on every database. */
abstract class UsageContract extends StoreContract {
    static final AttemptId WORKER = new AttemptId("uid-1", 1, 0);

    static AttemptUsage started(AttemptId attempt, Instant at) {
        return new AttemptUsage(attempt, "ml", "train", "alice", "default", "n1", 1, 2_000, 1L << 30, at, Optional.empty(), 0, 0);
    }

    @Test
    void a_worker_is_recorded_when_it_starts_refreshed_by_samples_and_closed_when_it_ends() {
        store.write(tx -> {
            tx.usage().started(started(WORKER, T0));
            tx.usage().started(started(WORKER, T0.plusSeconds(9)));  // the same start reported again
            tx.usage().sampled(WORKER, new Usage(12.5, 300), T0.plusSeconds(60));
            return null;
        });
        assertThat(store.read((Tx tx) -> tx.usage().find(WORKER))).get().satisfies(row -> {
            assertThat(row.startedAt()).isEqualTo(T0);
            assertThat(row.endedAt()).isEmpty();
            assertThat(row.cpuSeconds()).isEqualTo(12.5);
            assertThat(row.peakMemoryBytes()).isEqualTo(300);
        });

        store.write(tx -> {
            tx.usage().ended(WORKER, new Usage(20, 250), T0.plusSeconds(90));
            tx.usage().ended(WORKER, new Usage(99, 999), T0.plusSeconds(95));  // a repeated report changes nothing
            return null;
        });

        AttemptUsage ended = store.read((Tx tx) -> tx.usage().find(WORKER)).orElseThrow();
        assertThat(ended.endedAt()).contains(T0.plusSeconds(90));
        assertThat(ended.cpuSeconds()).isEqualTo(20);
        assertThat(ended.peakMemoryBytes()).as("a lower sample never lowers the peak").isEqualTo(300);
    }

    @Test
    void a_window_holds_the_workers_that_ran_in_it_running_ones_included() {
        AttemptId early = new AttemptId("uid-1", 1, 0);
        AttemptId late = new AttemptId("uid-2", 1, 0);
        AttemptId running = new AttemptId("uid-3", 1, 0);
        store.write(tx -> {
            tx.usage().started(started(early, T0));
            tx.usage().ended(early, Usage.NONE, T0.plusSeconds(100));
            tx.usage().started(started(late, T0.plusSeconds(500)));
            tx.usage().ended(late, Usage.NONE, T0.plusSeconds(600));
            tx.usage().started(started(running, T0.plusSeconds(50)));
            return null;
        });

        assertThat(store.read((Tx tx) -> tx.usage().overlapping(T0.plusSeconds(200), T0.plusSeconds(400))))
                .extracting(AttemptUsage::attempt).containsExactly(running);
        assertThat(store.read((Tx tx) -> tx.usage().overlapping(T0, T0.plusSeconds(1_000))))
                .extracting(AttemptUsage::attempt).containsExactly(early, running, late);
    }

    @Test
    void a_jobs_first_start_is_its_earliest_worker_over_all_attempts() {
        store.write(tx -> {
            tx.usage().started(started(new AttemptId("uid-1", 2, 0), T0.plusSeconds(900)));
            tx.usage().started(started(new AttemptId("uid-1", 1, 1), T0.plusSeconds(30)));
            tx.usage().started(started(new AttemptId("uid-1", 1, 0), T0.plusSeconds(40)));
            tx.usage().started(started(new AttemptId("uid-2", 1, 0), T0));
            return null;
        });

        assertThat(store.read((Tx tx) -> tx.usage().firstStart("uid-1"))).contains(T0.plusSeconds(30));
        assertThat(store.read((Tx tx) -> tx.usage().firstStart("uid-none"))).isEmpty();
    }
}
