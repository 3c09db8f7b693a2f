package dev.lepton.server.queues;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.queue.Queue;
import dev.lepton.core.quota.QuotaTree;
import dev.lepton.store.Store;

/**
 * The quotas in force: loaded from the store at start, replaced whenever a queue or cohort
 * changes (after its commit). The scheduler loop reads it at every turn.
 */
public final class QuotaBook {
    private final Store store;
    private volatile QuotaTree tree;

    public QuotaBook(Store store) {
        this.store = requireNonNull(store, "store is null");
        reload();
    }

    public QuotaTree tree() {
        return tree;
    }

    public void reload() {
        tree = store.read(tx -> QuotaTree.of(tx.queues().list().stream().map(Queue::spec).toList(), tx.queues().cohorts()));
    }
}
