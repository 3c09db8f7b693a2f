package dev.lepton.store;

import static dev.lepton.store.StoreTestJobs.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.core.event.AuditEntry;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What the audit log's hash chain promises on every database: it verifies as written, and names the first row altered or missing. */
abstract class AuditChainContract extends StoreContract {

    @Test
    void an_empty_log_verifies_with_zero_rows_and_the_chains_start_as_head() {
        assertThat(verify()).isEqualTo(new AuditVerdict.Verified(0, 0, AuditHash.GENESIS));
    }

    @Test
    void entries_as_written_verify_and_the_verdict_counts_them_and_names_the_head() {
        List<AuditEntry> written = recordFive();

        AuditVerdict verdict = verify();

        assertThat(verdict).isInstanceOfSatisfying(AuditVerdict.Verified.class, v -> {
            assertThat(v.rows()).isEqualTo(5);
            assertThat(v.headSeq()).isEqualTo(written.getLast().seq());
            assertThat(v.headHash()).hasSize(64).isEqualTo(column("hash", written.getLast().seq()));
        });
        assertThat(column("prev_hash", written.getFirst().seq())).isEqualTo(AuditHash.GENESIS);
        assertThat(column("prev_hash", written.get(1).seq())).isEqualTo(column("hash", written.getFirst().seq()));
    }

    @Test
    void a_chain_survives_reopening_the_store_and_goes_on_from_its_head() {
        recordFive();
        reopen();

        store.write(tx -> tx.audit().record(T0.plusSeconds(9), "bob", "queue.apply", "queue/gpu", true, "after restart"));
        reopen();

        assertThat(verify()).isInstanceOfSatisfying(AuditVerdict.Verified.class,
                v -> assertThat(v.rows()).isEqualTo(6));
    }

    @Test
    void an_entry_edited_through_sql_is_the_first_bad_row_with_a_hash_mismatch() {
        List<AuditEntry> written = recordFive();
        long edited = written.get(2).seq();

        sql("UPDATE audit_log SET detail = 'nothing to see' WHERE seq = " + edited);

        assertThat(verify()).isInstanceOfSatisfying(AuditVerdict.Broken.class, b -> {
            assertThat(b.seq()).isEqualTo(edited);
            assertThat(b.reason()).startsWith("hash mismatch");
        });
    }

    @Test
    void a_deleted_middle_entry_breaks_the_link_of_the_entry_after_it_which_names_the_missing_seq() {
        List<AuditEntry> written = recordFive();
        long deleted = written.get(2).seq();

        sql("DELETE FROM audit_log WHERE seq = " + deleted);

        assertThat(verify()).isInstanceOfSatisfying(AuditVerdict.Broken.class, b -> {
            assertThat(b.seq()).isEqualTo(written.get(3).seq());
            assertThat(b.reason()).contains("previous-hash link", "row " + written.get(1).seq(), "deleted", "no row has seq " + deleted);
        });
    }

    @Test
    void an_entry_rehashed_after_editing_breaks_the_link_of_the_entry_after_it() {
        List<AuditEntry> written = recordFive();
        AuditEntry victim = written.get(1);
        String forged = AuditHash.of(victim.seq(), victim.at().toEpochMilli(), "someone-else", victim.action(), victim.target(),
                victim.allowed(), victim.detail(), column("prev_hash", victim.seq()));

        sql("UPDATE audit_log SET actor = 'someone-else', hash = '" + forged + "' WHERE seq = " + victim.seq());

        assertThat(verify()).isInstanceOfSatisfying(AuditVerdict.Broken.class,
                b -> assertThat(b.seq()).isEqualTo(written.get(2).seq()));
    }

    @Test
    void deleting_the_first_entry_breaks_the_second_ones_link_to_the_start() {
        List<AuditEntry> written = recordFive();

        sql("DELETE FROM audit_log WHERE seq = " + written.getFirst().seq());

        assertThat(verify()).isInstanceOfSatisfying(AuditVerdict.Broken.class, b -> {
            assertThat(b.seq()).isEqualTo(written.get(1).seq());
            assertThat(b.reason()).contains("chain's start");
        });
    }

    @Test
    void a_work_rolled_back_after_recording_leaves_the_chain_whole_for_the_writes_after_it() {
        store.write(tx -> tx.audit().record(T0, "alice", "job.create", "job/ml/a", true, ""));
        assertThatThrownBy(() -> store.write(tx -> {
            tx.audit().record(T0, "alice", "job.create", "job/ml/b", true, "");
            throw new LeptonException(ErrorCode.INVALID_SPEC, "refused after recording");
        })).hasMessage("refused after recording");
        store.write(tx -> tx.audit().record(T0, "alice", "job.create", "job/ml/c", true, ""));

        assertThat(verify()).isInstanceOfSatisfying(AuditVerdict.Verified.class,
                v -> assertThat(v.rows()).isEqualTo(2));
    }

    @Test
    void a_failing_work_among_a_batch_of_recording_ones_leaves_the_chain_whole() throws Exception {
        CountDownLatch writerBusy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<AuditEntry> first = threads.submit(() -> store.write(tx -> {
                writerBusy.countDown();
                awaitQuietly(release);
                return tx.audit().record(T0, "alice", "job.create", "job/ml/first", true, "");
            }));
            assertThat(writerBusy.await(10, TimeUnit.SECONDS)).isTrue();
            List<Future<AuditEntry>> queued = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int n = i;
                queued.add(threads.submit(() -> store.write(tx -> {
                    AuditEntry entry = tx.audit().record(T0, "alice", "job.create", "job/ml/q-" + n, true, "");
                    if (n % 3 == 1) {
                        throw new LeptonException(ErrorCode.INVALID_SPEC, "write " + n + " refuses");
                    }
                    return entry;
                })));
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> store.queuedWrites() == 10);
            release.countDown();
            first.get(10, TimeUnit.SECONDS);
            for (Future<AuditEntry> write : queued) {
                try {
                    write.get(10, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException expected) {
                    // writes 1, 4 and 7 refuse
                }
            }
        }

        assertThat(verify()).isInstanceOfSatisfying(AuditVerdict.Verified.class,
                v -> assertThat(v.rows()).isEqualTo(8));
    }

    @Test
    void concurrent_writers_build_one_chain() throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            IntStream.range(0, 60).forEach(i -> threads.submit(() ->
                    store.write(tx -> tx.audit().record(T0.plusMillis(i), "user-" + i % 4, "job.create", "job/ml/j-" + i, true, ""))));
        }

        assertThat(verify()).isInstanceOfSatisfying(AuditVerdict.Verified.class,
                v -> assertThat(v.rows()).isEqualTo(60));
    }

    @Test
    void entries_written_before_the_chain_existed_are_chained_when_the_store_opens() {
        List<AuditEntry> written = recordFive();
        // As V6 found them: the first two were chained by an earlier open, the rest have no hash yet.
        sql("UPDATE audit_log SET prev_hash = NULL, hash = NULL WHERE seq > " + written.get(1).seq());
        assertThat(verify()).isInstanceOf(AuditVerdict.Broken.class);

        reopen();
        store.write(tx -> tx.audit().record(T0.plusSeconds(9), "bob", "user.create", "user/carol", true, ""));

        assertThat(verify()).isInstanceOfSatisfying(AuditVerdict.Verified.class,
                v -> assertThat(v.rows()).isEqualTo(6));
    }

    @Test
    void a_hash_erased_in_the_middle_is_not_rechained_on_open_but_named_by_verify() {
        List<AuditEntry> written = recordFive();
        long erased = written.get(2).seq();

        sql("UPDATE audit_log SET hash = NULL WHERE seq = " + erased);
        reopen();

        assertThat(verify()).isInstanceOfSatisfying(AuditVerdict.Broken.class, b -> {
            assertThat(b.seq()).isEqualTo(erased);
            assertThat(b.reason()).contains("no hash");
        });
    }

    @Test
    void the_hash_encodes_each_field_apart_so_shifting_text_between_fields_changes_it() {
        String split = AuditHash.of(1, 0, "ab", "c", "t", true, "", AuditHash.GENESIS);

        assertThat(AuditHash.of(1, 0, "a", "bc", "t", true, "", AuditHash.GENESIS)).isNotEqualTo(split);
        assertThat(AuditHash.of(1, 0, "ab", "c", "t", false, "", AuditHash.GENESIS)).isNotEqualTo(split);
        assertThat(AuditHash.of(2, 0, "ab", "c", "t", true, "", AuditHash.GENESIS)).isNotEqualTo(split);
        assertThat(AuditHash.of(1, 0, "ab", "c", "t", true, "", AuditHash.GENESIS)).isEqualTo(split).matches("[0-9a-f]{64}");
    }

    @Test
    void entries_are_filtered_by_actor_project_action_and_a_half_open_time_range_and_paged_by_seq() {
        List<AuditEntry> written = recordFive();

        assertThat(list(AuditQuery.all(10).by("alice"))).extracting(AuditEntry::seq)
                .containsExactly(written.get(0).seq(), written.get(2).seq(), written.get(4).seq());
        assertThat(list(AuditQuery.all(10).about("ml"))).extracting(AuditEntry::target)
                .containsExactly("job/ml/train", "project/ml", "code/ml/abc");
        assertThat(list(AuditQuery.all(10).about("m_"))).as("LIKE wildcards in a project are literal").isEmpty();
        assertThat(list(AuditQuery.all(10).of("job.create"))).extracting(AuditEntry::target).containsExactly("job/ml/train", "job/vision/train");
        assertThat(list(AuditQuery.all(10).since(T0.plusSeconds(1)).until(T0.plusSeconds(3)))).extracting(AuditEntry::seq)
                .containsExactly(written.get(1).seq(), written.get(2).seq());
        assertThat(list(AuditQuery.all(2).after(written.get(1).seq()))).extracting(AuditEntry::seq)
                .containsExactly(written.get(2).seq(), written.get(3).seq());
    }

    /** Five entries a second apart: alice and bob in turn, across projects ml and vision and the cluster. */
    private List<AuditEntry> recordFive() {
        return List.of(
                store.write(tx -> tx.audit().record(T0, "alice", "job.create", "job/ml/train", true, "")),
                store.write(tx -> tx.audit().record(T0.plusSeconds(1), "bob", "job.delete", "project/ml", false, "denied")),
                store.write(tx -> tx.audit().record(T0.plusSeconds(2), "alice", "job.create", "job/vision/train", true, "")),
                store.write(tx -> tx.audit().record(T0.plusSeconds(3), "bob", "queue.apply", "queue/gpu", true, "created")),
                store.write(tx -> tx.audit().record(T0.plusSeconds(4), "alice", "code.upload", "code/ml/abc", true, "12 bytes")));
    }

    private AuditVerdict verify() {
        return store.read((Tx tx) -> tx.audit().verify());
    }

    private List<AuditEntry> list(AuditQuery query) {
        return store.read((Tx tx) -> tx.audit().list(query));
    }

    /** A statement run beside the store, as someone with the database file or a database login would. */
    private void sql(String statement) {
        try (Connection connection = DriverManager.getConnection(database.config().url()); Statement s = connection.createStatement()) {
            s.executeUpdate(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement, e);
        }
    }

    private String column(String name, long seq) {
        try (Connection connection = DriverManager.getConnection(database.config().url()); Statement s = connection.createStatement();
             var rows = s.executeQuery("SELECT " + name + " FROM audit_log WHERE seq = " + seq)) {
            rows.next();
            return rows.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(name, e);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
