package dev.lepton.core.execution;

import java.io.InputStream;
import java.util.Optional;

/**
 * Optional capability beside {@link LogAccess}: a worker's log as one stream that carries each write as the
 * worker makes it and ends when the worker ends. For an executor whose logs cost a whole read each time (a
 * cluster's API server has no byte offset): a follower reads each byte once instead of opening the log again
 * every poll.
 */
public interface LogFollow {
    /**
     * The log from {@code offset} on, then what the worker writes next, until it ends. Empty while there is
     * nothing to follow (no such worker, or not started yet): ask again later. The stream may also end before
     * the worker does (a dropped connection): follow again from where it got. Closing the stream from another
     * thread ends a read blocked on it.
     */
    Optional<InputStream> followLog(AttemptId attempt, long offset);
}
