package dev.lepton.core.execution;

import java.io.InputStream;
import java.util.Optional;

/** Optional executor capability: a worker's combined stdout and stderr, read from a byte offset. */
public interface LogAccess {
    /** The log from {@code offset} on, as far as written now; empty if the worker has no log. */
    Optional<InputStream> openLog(AttemptId attempt, long offset);
}
