package dev.lepton.core.execution;

/** A worker could not be started at all (bad command, no such file, executor refused). */
public class LaunchFailedException extends RuntimeException {
    public LaunchFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
