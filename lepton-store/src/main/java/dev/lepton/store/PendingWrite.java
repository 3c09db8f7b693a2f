package dev.lepton.store;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * One caller's unit of work on its way through the writer. The writer runs it and holds its
 * outcome, and only after the batch's commit tells the caller, so nothing is acknowledged early.
 */
final class PendingWrite<T> {
    private final Function<Tx, T> work;
    private final CompletableFuture<T> acknowledged = new CompletableFuture<>();
    private T result;
    private Throwable failure;

    PendingWrite(Function<Tx, T> work) {
        this.work = work;
    }

    /** Runs the work; a failure is kept for the caller and rethrown so the writer rolls back its savepoint. */
    void run(Tx tx) {
        result = work.apply(tx);
    }

    void failed(Throwable cause) {
        failure = cause;
    }

    /** After the commit: the caller gets its result, or the failure of its own work. */
    void committed() {
        if (failure == null) {
            acknowledged.complete(result);
        } else {
            acknowledged.completeExceptionally(failure);
        }
    }

    /** The batch did not commit: work that had failed keeps its own reason, the rest get the batch's. */
    void batchFailed(RuntimeException batchFailure) {
        acknowledged.completeExceptionally(failure != null ? failure : batchFailure);
    }

    /** Blocks the caller (a virtual thread, usually) until the outcome is durable or definitely not. */
    T await() {
        try {
            return acknowledged.join();
        } catch (CompletionException e) {
            throw rethrowable(e.getCause());
        }
    }

    private static RuntimeException rethrowable(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException("write failed", cause);
    }
}
