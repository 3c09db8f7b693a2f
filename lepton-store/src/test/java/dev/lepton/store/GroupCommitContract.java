package dev.lepton.store;

import static dev.lepton.store.StoreTestJobs.T0;
import static dev.lepton.store.StoreTestJobs.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.job.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What {@link Store#write} promises: each write commits or fails alone, durably, even when grouped. */
abstract class GroupCommitContract extends StoreContract {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitContract.class);

    @Test
    void a_write_that_throws_leaves_no_rows_and_its_exception_reaches_the_caller_unchanged() {
        LeptonException refusal = new LeptonException(ErrorCode.INVALID_SPEC, "spec.workers: must be >= 1 (got 0)");

        assertThatThrownBy(() -> store.write(tx -> {
            tx.jobs().insert(job("ml", "half").build());
            tx.events().append("ml", "job/half", "Created", "created", T0);
            tx.audit().record(T0, "alice", "create", "job/ml/half", true, "");
            throw refusal;
        })).isSameAs(refusal);

        assertThat(store.read((Tx tx) -> tx.jobs().count())).isZero();
        assertThat(store.read((Tx tx) -> tx.events().list("ml", "job/half", 0, 10))).isEmpty();
        assertThat(store.read((Tx tx) -> tx.audit().count())).isZero();
    }

    @Test
    void of_fifty_concurrent_writes_the_failing_ones_fail_alone_and_the_others_commit() throws Exception {
        store.write(tx -> tx.jobs().insert(job("ml", "taken").build()));

        List<Outcome> outcomes = concurrently(50, i -> () -> store.write(tx -> {
            Job inserted = tx.jobs().insert(job("ml", i == 13 ? "taken" : "job-" + i).build());
            tx.events().append("ml", "job/" + inserted.name(), "Created", "job " + i, T0);
            if (i == 31) {
                throw new LeptonException(ErrorCode.INVALID_SPEC, "write 31 refuses");
            }
            return inserted;
        }));

        assertThat(outcomes.get(13).failure()).isInstanceOfSatisfying(LeptonException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
        assertThat(outcomes.get(31).failure()).hasMessage("write 31 refuses");
        assertThat(outcomes).filteredOn(o -> o.failure() == null).hasSize(48);
        assertThat(store.read((Tx tx) -> tx.jobs().count())).isEqualTo(49);
        assertThat(store.read((Tx tx) -> tx.jobs().find("ml", "job-31"))).isEmpty();
        assertThat(store.read((Tx tx) -> tx.events().list("ml", "job/job-31", 0, 10))).isEmpty();
        assertThat(store.read((Tx tx) -> tx.events().list("ml", "job/taken", 0, 10))).isEmpty();
        assertThat(store.read((Tx tx) -> tx.events().list("ml", 0, 100))).hasSize(48);
    }

    @Test
    void writes_queued_behind_a_running_one_commit_together_and_a_failing_one_among_them_fails_alone() throws Exception {
        CountDownLatch writerBusy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Job> first = threads.submit(() -> store.write(tx -> {
                writerBusy.countDown();
                await(release);
                return tx.jobs().insert(job("ml", "first").build());
            }));
            assertThat(writerBusy.await(10, TimeUnit.SECONDS)).isTrue();
            long commitsBefore = store.commitStats().commits();
            List<Future<Job>> queued = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int n = i;
                queued.add(threads.submit(() -> store.write(tx -> {
                    Job inserted = tx.jobs().insert(job("ml", "queued-" + n).build());
                    if (n == 4) {
                        throw new LeptonException(ErrorCode.INVALID_SPEC, "write 4 refuses");
                    }
                    return inserted;
                })));
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> store.queuedWrites() == 10);
            release.countDown();

            first.get(10, TimeUnit.SECONDS);
            for (int i = 0; i < 10; i++) {
                int n = i;
                if (n == 4) {
                    assertThatThrownBy(() -> queued.get(n).get(10, TimeUnit.SECONDS)).hasRootCauseMessage("write 4 refuses");
                } else {
                    assertThat(queued.get(n).get(10, TimeUnit.SECONDS).name()).isEqualTo("queued-" + n);
                }
            }
            assertThat(store.commitStats().commits() - commitsBefore).as("the blocked write's commit, then one for the ten").isEqualTo(2);
            assertThat(store.commitStats().largestBatch()).isGreaterThanOrEqualTo(10);
        }
        assertThat(store.read((Tx tx) -> tx.jobs().count())).isEqualTo(10);
        assertThat(store.read((Tx tx) -> tx.jobs().find("ml", "queued-4"))).isEmpty();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void a_write_that_swallows_a_sql_error_cannot_spoil_the_writes_batched_with_it() throws Exception {
        store.write(tx -> tx.jobs().insert(job("ml", "first").uid("taken-uid").build()));

        List<Outcome> outcomes = concurrently(20, i -> () -> store.write(tx -> {
            if (i == 7) {
                try {
                    tx.jobs().insert(job("ml", "clash").uid("taken-uid").build());
                } catch (RuntimeException swallowed) {
                    // On PostgreSQL this leaves the transaction aborted; the savepoint must contain that.
                    return null;
                }
            }
            return tx.jobs().insert(job("ml", "job-" + i).build());
        }));

        assertThat(outcomes).filteredOn(o -> o != outcomes.get(7)).allSatisfy(o -> assertThat(o.failure()).isNull());
        if (store.dialect().equals("postgresql")) {
            assertThat(outcomes.get(7).failure()).isInstanceOf(LeptonException.class);
        }
        assertThat(store.read((Tx tx) -> tx.jobs().list(JobQuery.all(100).inProject("ml"))))
                .extracting(Job::name).contains("job-0", "job-19").doesNotContain("clash");
    }

    @Test
    void closing_the_store_from_inside_write_work_is_refused() {
        assertThatThrownBy(() -> store.write(tx -> {
            store.close();
            return null;
        })).isInstanceOf(IllegalStateException.class);
        assertThat(store.write((Tx tx) -> tx.jobs().count())).isZero();
    }

    @Test
    void two_thousand_jobs_from_64_virtual_threads_are_all_stored_with_distinct_seqs() throws Exception {
        int writers = 64;
        int jobs = 2_000;

        concurrently(writers, w -> () -> {
            for (int i = w; i < jobs; i += writers) {
                int n = i;
                store.write(tx -> tx.jobs().insert(job("load", "job-" + n).build()));
            }
            return null;
        }).forEach(outcome -> assertThat(outcome.failure()).isNull());

        List<Job> stored = store.read(tx -> tx.jobs().list(JobQuery.all(10_000).inProject("load")));
        assertThat(stored).hasSize(jobs);
        assertThat(stored).extracting(Job::seq).doesNotHaveDuplicates().isSorted();
        assertThat(stored).extracting(Job::name)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, jobs).mapToObj(i -> "job-" + i).toList());
        CommitStats stats = store.commitStats();
        log.atInfo().setMessage("group commit under load").addKeyValue("dialect", store.dialect())
                .addKeyValue("writes", stats.writes()).addKeyValue("commits", stats.commits())
                .addKeyValue("writesPerCommit", String.format("%.1f", stats.writesPerCommit()))
                .addKeyValue("largestBatch", stats.largestBatch()).log();
        assertThat(stats.writes()).isEqualTo(jobs);
    }

    @Test
    void a_write_from_inside_write_work_is_refused_instead_of_deadlocking() {
        AtomicBoolean innerRan = new AtomicBoolean();

        assertThatThrownBy(() -> store.write(tx -> {
            tx.jobs().insert(job("ml", "outer").build());
            return store.write(inner -> innerRan.getAndSet(true));
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("inside write work");

        assertThat(innerRan).isFalse();
        assertThat(store.read((Tx tx) -> tx.jobs().count())).isZero();
        assertThat(store.write((Tx tx) -> tx.jobs().insert(job("ml", "after").build())).seq()).isPositive();
    }

    @Test
    void what_a_write_returned_is_visible_to_the_next_read_and_survives_a_restart() {
        Job stored = store.write(tx -> {
            tx.events().append("ml", "job/train", "Created", "submitted", T0);
            return tx.jobs().insert(job("ml", "train").build());
        });
        assertThat(store.read((Tx tx) -> tx.jobs().find("ml", "train"))).contains(stored);

        reopen();

        assertThat(store.read((Tx tx) -> tx.jobs().find("ml", "train"))).contains(stored);
        assertThat(store.read((Tx tx) -> tx.events().list("ml", "job/train", 0, 10))).hasSize(1);
        Job next = store.write(tx -> tx.jobs().insert(job("ml", "next").build()));
        assertThat(next.seq()).isGreaterThan(stored.seq());
    }

    @Test
    void a_write_after_close_is_unavailable() {
        store.close();

        assertFailsWith(ErrorCode.UNAVAILABLE, () -> store.write(tx -> tx.jobs().count()));
        store = Store.open(database.config());
    }

    @Test
    void the_store_names_its_dialect() {
        assertThat(store.dialect()).isEqualTo(database.config().dialect()).isIn("sqlite", "postgresql");
    }

    /** Runs {@code count} tasks on virtual threads, all released at once; returns each one's outcome, by index. */
    private static List<Outcome> concurrently(int count, IntFunction<Supplier<?>> task) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Outcome>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                Supplier<?> work = task.apply(i);
                futures.add(threads.submit(() -> {
                    start.await();
                    try {
                        return new Outcome(work.get(), null);
                    } catch (RuntimeException e) {
                        return new Outcome(null, e);
                    }
                }));
            }
            start.countDown();
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> future : futures) {
            outcomes.add(future.get(1, TimeUnit.MINUTES));
        }
        return outcomes;
    }

    private record Outcome(Object value, RuntimeException failure) {}
}
