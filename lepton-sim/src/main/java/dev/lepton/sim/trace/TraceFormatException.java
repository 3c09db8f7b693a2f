package dev.lepton.sim.trace;

/** A trace or cluster file that cannot be read; the message starts {@code file:line: field: }. */
public final class TraceFormatException extends IllegalArgumentException {
    public TraceFormatException(String message) {
        super(message);
    }

    public static TraceFormatException at(String file, long line, String field, String problem) {
        return new TraceFormatException(file + ":" + line + ": " + field + ": " + problem);
    }
}
