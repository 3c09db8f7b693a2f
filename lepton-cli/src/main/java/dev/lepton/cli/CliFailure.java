package dev.lepton.cli;

import static java.util.Objects.requireNonNull;

/**
 * A failure the CLI has already put into words for the user: printed as {@code error: MESSAGE}
 * with no stack trace, and the process exits with {@link #exitCode()}.
 */
public class CliFailure extends RuntimeException {
    private final ExitCode exitCode;

    public CliFailure(ExitCode exitCode, String message) {
        super(requireNonNull(message, "message is null"));
        this.exitCode = requireNonNull(exitCode, "exitCode is null");
    }

    /** An input file the CLI cannot use; the message starts with the file's name, as compilers do. */
    public static CliFailure badFile(String file, String message) {
        return new CliFailure(ExitCode.USAGE, file + ": " + message);
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
