package dev.lepton.server.queues;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.queue.Queue;
import dev.lepton.core.quota.QuotaTree;
import dev.lepton.store.Store;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The quotas in force: loaded from the store at start, read again whenever a queue or cohort
 * changes (after its commit). The scheduler loop reads it at every turn. Each reload takes a
 * generation before it reads, and its tree is installed only over an older generation's: a reload
 * that started later read everything committed before it started, so two reloads that finish out
 * of order never leave the older tree in force.
 */
public final class QuotaBook {
    private record Generation(long number, QuotaTree tree) {}

    private final Supplier<QuotaTree> source;
    private final AtomicLong generations = new AtomicLong();
    private final AtomicReference<Generation> current = new AtomicReference<>(new Generation(-1, QuotaTree.of(List.of(), List.of())));

    public QuotaBook(Store store) {
        this(() -> store.read(tx -> QuotaTree.of(tx.queues().list().stream().map(Queue::spec).toList(), tx.queues().cohorts())));
    }

    QuotaBook(Supplier<QuotaTree> source) {
        this.source = requireNonNull(source, "source is null");
        reload();
    }

    public QuotaTree tree() {
        return current.get().tree();
    }

    public void reload() {
        Generation read = new Generation(generations.getAndIncrement(), source.get());
        current.accumulateAndGet(read, (installed, candidate) -> candidate.number() > installed.number() ? candidate : installed);
    }
}
