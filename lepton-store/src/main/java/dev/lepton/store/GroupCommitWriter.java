package dev.lepton.store;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only thread that writes. It takes every write waiting in its queue, runs each in its own
 * savepoint of one transaction, commits once, and only then answers the callers: one fsync for
 * the whole batch instead of one per write. A write that throws is rolled back to its savepoint
 * and fails alone. The thread owns the writer connection; nothing else touches it.
 */
final class GroupCommitWriter implements AutoCloseable {
    /** Bounds one transaction's size and the time a caller waits behind the batch it joined. */
    static final int MAX_BATCH = 256;

    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final String SAVEPOINT = "lepton_write";
    private static final PendingWrite<Void> STOP = new PendingWrite<>(tx -> null);

    private final Connections connections;
    private final JsonCodec json;
    private final SqlFailures failures;
    private final LinkedBlockingQueue<PendingWrite<?>> queue = new LinkedBlockingQueue<>();
    private final ReentrantLock admission = new ReentrantLock();
    private final Thread thread;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private volatile int largestBatch;
    private boolean closed; // guarded by admission
    private Handle handle; // writer thread only, once started; null while disconnected
    private final AuditHead auditHead = new AuditHead(); // writer thread only

    private GroupCommitWriter(Connections connections, JsonCodec json, SqlFailures failures, Handle handle) {
        this.connections = connections;
        this.json = json;
        this.failures = failures;
        this.handle = handle;
        // A platform thread: it spends its life in JDBC calls (SQLite's are native and would pin a virtual one).
        this.thread = Thread.ofPlatform().name("lepton-store-writer").daemon(true).unstarted(this::loop);
    }

    /** Connects (so that a bad URL fails here, not on the first write) and starts the thread. */
    static GroupCommitWriter start(Connections connections, JsonCodec json, SqlFailures failures) throws SQLException {
        GroupCommitWriter writer = new GroupCommitWriter(connections, json, failures, openHandle(connections));
        writer.thread.start();
        return writer;
    }

    <T> T submit(Function<Tx, T> work) {
        if (Thread.currentThread() == thread) {
            // The writer would wait for itself. Use the Tx you were given: it is the same transaction.
            throw new IllegalStateException("Store.write called from inside write work; use the enclosing Tx instead");
        }
        PendingWrite<T> pending = new PendingWrite<>(work);
        enqueue(pending);
        return pending.await(connections.writeWait());
    }

    /** Writes waiting for the writer's next batch; for tests that must know a batch is full before it runs. */
    int queued() {
        return queue.size();
    }

    CommitStats stats() {
        return new CommitStats(commits.get(), writes.get(), largestBatch);
    }

    /** Stops taking writes, lets the writes already queued commit, then disconnects. */
    @Override
    public void close() {
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException("Store.close called from inside write work");
        }
        admission.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(STOP);
        } finally {
            admission.unlock();
        }
        joinUninterruptibly();
    }

    private void enqueue(PendingWrite<?> pending) {
        admission.lock();
        try {
            if (closed) {
                throw new LeptonException(ErrorCode.UNAVAILABLE, "store is closed");
            }
            queue.add(pending);
        } finally {
            admission.unlock();
        }
    }

    private void loop() {
        try {
            runUntilStopped();
        } finally {
            // Normally the queue is empty here; if the writer died of a bug, no caller may wait forever.
            refuseRemaining();
        }
    }

    private void runUntilStopped() {
        List<PendingWrite<?>> batch = new ArrayList<>(MAX_BATCH);
        boolean stopping = false;
        while (!stopping) {
            batch.add(takeUninterruptibly());
            queue.drainTo(batch, MAX_BATCH - 1);
            // STOP is always last: close() queues it after refusing further writes.
            stopping = batch.getLast() == STOP;
            if (stopping) {
                batch.removeLast();
            }
            if (!batch.isEmpty()) {
                runBatch(batch);
            }
            batch.clear();
        }
        disconnect();
        log.atInfo().setMessage("store writer stopped").addKeyValue("commits", commits.get()).addKeyValue("writes", writes.get()).log();
    }

    private void refuseRemaining() {
        admission.lock();
        try {
            closed = true;
        } finally {
            admission.unlock();
        }
        List<PendingWrite<?>> remaining = new ArrayList<>();
        queue.drainTo(remaining);
        LeptonException stopped = new LeptonException(ErrorCode.UNAVAILABLE, "store writer stopped before this write ran");
        remaining.stream().filter(pending -> pending != STOP).forEach(pending -> pending.batchFailed(stopped));
    }

    private void runBatch(List<PendingWrite<?>> batch) {
        long started = System.nanoTime();
        try {
            Connection connection = connection();
            for (PendingWrite<?> pending : batch) {
                runInSavepoint(pending, connection);
            }
            connection.commit();
        } catch (SQLException | RuntimeException | Error e) {
            failBatch(batch, e);
            return;
        }
        recordCommit(batch.size(), started);
        batch.forEach(PendingWrite::committed);
    }

    /**
     * Runs one caller's work so that, whatever it does, it either stays in the transaction whole
     * or leaves nothing behind. A failure to release the savepoint counts as the work's own (on
     * PostgreSQL that happens when the work swallowed a SQL error); only a failure to roll back
     * means the connection is gone, and that fails the batch.
     */
    private void runInSavepoint(PendingWrite<?> pending, Connection connection) throws SQLException {
        Savepoint savepoint = connection.setSavepoint(SAVEPOINT);
        AuditHead.Link auditMark = auditHead.mark();
        try {
            pending.run(new Tx(handle, json, auditHead));
            connection.releaseSavepoint(savepoint);
        } catch (SQLException | RuntimeException e) {
            // The work's audit rows vanish with the savepoint; so must the head they moved.
            auditHead.restore(auditMark);
            connection.rollback(savepoint);
            connection.releaseSavepoint(savepoint);
            pending.failed(failures.translate(e));
        }
    }

    private void failBatch(List<PendingWrite<?>> batch, Throwable cause) {
        log.atError().setMessage("store write batch failed; nothing in it was committed")
                .addKeyValue("writes", batch.size()).setCause(cause).log();
        // Whatever the batch appended to the audit chain is gone; the next entry reads the head from the table.
        auditHead.forget();
        rollbackOrDisconnect();
        LeptonException failure = batchFailure(cause);
        batch.forEach(pending -> pending.batchFailed(failure));
    }

    private LeptonException batchFailure(Throwable cause) {
        ErrorCode code = failures.isConnectionFailure(cause) ? ErrorCode.UNAVAILABLE : ErrorCode.INTERNAL;
        return new LeptonException(code, "store commit failed, the write was not applied: " + cause.getMessage(), cause);
    }

    private void recordCommit(int size, long startedNanos) {
        commits.incrementAndGet();
        writes.addAndGet(size);
        if (size > largestBatch) {
            largestBatch = size;
        }
        log.atDebug().setMessage("store write batch committed").addKeyValue("writes", size)
                .addKeyValue("micros", (System.nanoTime() - startedNanos) / 1_000).log();
    }

    private static Handle openHandle(Connections connections) throws SQLException {
        return Jdbi.open(connections.openWriter()).setStatementBuilder(new CachedStatements());
    }

    /** The writer connection, reconnecting first if the last batch lost it. */
    private Connection connection() throws SQLException {
        if (handle == null) {
            handle = openHandle(connections);
            log.info("store writer reconnected");
        }
        return handle.getConnection();
    }

    private void rollbackOrDisconnect() {
        if (handle == null) {
            return;
        }
        try {
            handle.getConnection().rollback();
            if (handle.getConnection().isValid(2)) {
                return;
            }
        } catch (SQLException | RuntimeException e) {
            log.atWarn().setMessage("store writer rollback failed; reconnecting before the next batch").setCause(e).log();
        }
        disconnect();
    }

    private void disconnect() {
        if (handle == null) {
            return;
        }
        try (Handle closing = handle) {
            closing.getConnection().rollback();
            // JDBI refuses to close a handle that still looks mid-transaction.
            closing.getConnection().setAutoCommit(true);
        } catch (SQLException | RuntimeException e) {
            log.atWarn().setMessage("store writer connection did not close cleanly").setCause(e).log();
        } finally {
            handle = null;
        }
    }

    private PendingWrite<?> takeUninterruptibly() {
        while (true) {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                // Only close() may stop the writer: queued callers are waiting for their commit.
                log.warn("store writer interrupted; ignoring until close");
            }
        }
    }

    private void joinUninterruptibly() {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
