package dev.lepton.sim.pollux;

import java.nio.file.Path;

/** A workload or profile file that cannot be read; the message names the file, the line and the field. */
public final class PolluxFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public PolluxFormatException(String message) {
        super(message);
    }

    static PolluxFormatException at(Path file, int line, String field, String problem) {
        return new PolluxFormatException(file + ":" + line + ": field '" + field + "': " + problem);
    }

    static PolluxFormatException inFile(Path file, String problem) {
        return new PolluxFormatException(file + ": " + problem);
    }
}
