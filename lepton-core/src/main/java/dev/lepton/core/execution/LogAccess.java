package dev.lepton.core.execution;

import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalLong;

/** Optional executor capability: a worker's combined stdout and stderr, read from a byte offset. */
public interface LogAccess {
    /** The log from {@code offset} on, as far as written now; empty if the worker has no log. */
    Optional<InputStream> openLog(AttemptId attempt, long offset);

    /**
     * The log's length now, if known. A log can get shorter (cut to its tail, {@link AttemptCleanup#capLogs}):
     * a reader whose offset is past the length starts again from 0.
     */
    default OptionalLong logSize(AttemptId attempt) {
        return OptionalLong.empty();
    }
}
