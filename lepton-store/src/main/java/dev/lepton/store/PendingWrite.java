package dev.lepton.store;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

    /**
     * Blocks the caller (a virtual thread, usually) until the outcome is durable or definitely not,
     * or {@code limit} has passed: then the outcome is unknown, and the caller is told so.
     */
    T await(Duration limit) {
        try {
            return acknowledged.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw rethrowable(e.getCause());
        } catch (TimeoutException e) {
            throw new LeptonException(ErrorCode.UNAVAILABLE, "the store did not confirm the write within "
                    + limit.toSeconds() + "s; it may still be applied, so check before trying again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LeptonException(ErrorCode.UNAVAILABLE, "interrupted while waiting for the store to confirm a write");
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
