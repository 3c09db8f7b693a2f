package dev.lepton.store;

import static dev.lepton.store.StoreTestJobs.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.event.AuditEntry;
import dev.lepton.core.event.Event;
import dev.lepton.core.failure.ErrorCode;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What {@link EventLog}, {@link AuditLog} and {@link IdempotencyKeys} promise on every database. */
abstract class LogsContract extends StoreContract {

    @Test
    void an_objects_events_come_back_in_append_order_and_page_by_seq() {
        store.write(tx -> {
            tx.events().append("ml", "job/train", "Created", "submitted", T0);
            tx.events().append("ml", "job/other", "Created", "submitted", T0);
            tx.events().append("ml", "job/train", "Queued", "in queue default", T0.plusSeconds(1));
            tx.events().append("vision", "job/train", "Created", "another project", T0);
            return tx.events().append("ml", "job/train", "Running", "on node-a", T0.plusSeconds(2));
        });

        List<Event> all = store.read(tx -> tx.events().list("ml", "job/train", 0, 10));
        List<Event> afterFirst = store.read(tx -> tx.events().list("ml", "job/train", all.getFirst().seq(), 1));

        assertThat(all).extracting(Event::type).containsExactly("Created", "Queued", "Running");
        assertThat(all).extracting(Event::seq).isSorted().doesNotHaveDuplicates();
        assertThat(all.get(1)).isEqualTo(new Event(all.get(1).seq(), T0.plusSeconds(1), "ml", "job/train", "Queued", "in queue default"));
        assertThat(afterFirst).extracting(Event::type).containsExactly("Queued");
        assertThat(store.read((Tx tx) -> tx.events().list("ml", 0, 10))).hasSize(4);
    }

    @Test
    void events_from_concurrent_writes_are_ordered_by_commit() throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            IntStream.range(0, 40).forEach(i -> threads.submit(() ->
                    store.write(tx -> tx.events().append("ml", "job/train", "Tick", "tick " + i, T0))));
        }

        List<Event> events = store.read(tx -> tx.events().list("ml", "job/train", 0, 100));

        assertThat(events).hasSize(40);
        assertThat(events).extracting(Event::seq).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void audit_entries_are_kept_in_order_allowed_or_denied() {
        AuditEntry allowed = store.write(tx -> tx.audit().record(T0, "alice", "job.create", "ml/train", true, ""));
        AuditEntry denied = store.write(tx -> tx.audit().record(T0.plusMillis(5), "mallory", "job.delete", "ml/train", false, "role viewer"));

        assertThat(store.read((Tx tx) -> tx.audit().list(0, 10))).containsExactly(allowed, denied);
        assertThat(store.read((Tx tx) -> tx.audit().list(allowed.seq(), 10))).containsExactly(denied);
        assertThat(store.read((Tx tx) -> tx.audit().count())).isEqualTo(2);
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.seq()).isGreaterThan(allowed.seq());
    }

    @Test
    void an_idempotency_key_remembers_its_first_result_per_actor() {
        assertThat(store.read((Tx tx) -> tx.idempotency().find("alice", "k1"))).isEmpty();
        store.write(tx -> {
            tx.idempotency().put("alice", "k1", "ml/train", T0);
            return null;
        });

        assertThat(store.read((Tx tx) -> tx.idempotency().find("alice", "k1"))).contains("ml/train");
        assertThat(store.read((Tx tx) -> tx.idempotency().find("bob", "k1"))).isEmpty();
        assertFailsWith(ErrorCode.ALREADY_EXISTS, () -> store.write(tx -> {
            tx.idempotency().put("alice", "k1", "ml/other", T0);
            return null;
        }));
        assertThat(store.read((Tx tx) -> tx.idempotency().find("alice", "k1"))).contains("ml/train");
    }

    @Test
    void an_objects_events_are_deleted_with_it_and_no_other_objects() {
        store.write((Tx tx) -> {
            tx.events().append("ml", "job/train", "Created", "submitted", T0);
            tx.events().append("ml", "job/train", "Queued", "queued", T0);
            tx.events().append("ml", "job/other", "Created", "submitted", T0);
            return tx.events().append("vision", "job/train", "Created", "another project", T0);
        });

        assertThat(store.write((Tx tx) -> tx.events().deleteObject("ml", "job/train"))).isEqualTo(2);

        assertThat(store.read((Tx tx) -> tx.events().list("ml", "job/train", 0, 10))).isEmpty();
        assertThat(store.read((Tx tx) -> tx.events().list("ml", 0, 10))).extracting(Event::object).containsExactly("job/other");
        assertThat(store.read((Tx tx) -> tx.events().list("vision", "job/train", 0, 10))).hasSize(1);
    }

    @Test
    void the_keys_of_a_deleted_object_are_forgotten() {
        store.write((Tx tx) -> {
            tx.idempotency().put("alice", "k1", "ml/train", T0);
            tx.idempotency().put("bob", "k9", "ml/train", T0);
            tx.idempotency().put("alice", "k2", "ml/other", T0);
            return null;
        });

        assertThat(store.write((Tx tx) -> tx.idempotency().forgetResult("ml/train"))).isEqualTo(2);

        assertThat(store.read((Tx tx) -> tx.idempotency().find("alice", "k1"))).isEmpty();
        assertThat(store.read((Tx tx) -> tx.idempotency().find("alice", "k2"))).contains("ml/other");
    }

    @Test
    void old_idempotency_keys_are_purged() {
        store.write(tx -> {
            tx.idempotency().put("alice", "old", "ml/a", T0);
            tx.idempotency().put("alice", "new", "ml/b", T0.plusSeconds(60));
            return null;
        });

        int purged = store.write(tx -> tx.idempotency().purgeBefore(T0.plusSeconds(30)));

        assertThat(purged).isEqualTo(1);
        assertThat(store.read((Tx tx) -> tx.idempotency().find("alice", "old"))).isEmpty();
        assertThat(store.read((Tx tx) -> tx.idempotency().find("alice", "new"))).contains("ml/b");
    }
}
