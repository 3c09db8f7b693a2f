package dev.lepton.cli;

/** The exit statuses scripts can rely on. */
public enum ExitCode {
    OK(0),
    /** The server refused, or the job the command waited for failed. */
    FAILED(1),
    /** The command line or an input file is wrong: fix it and run again. */
    USAGE(2),
    /** Nothing answered at the server address. */
    UNREACHABLE(3),
    /** Same status as coreutils' {@code timeout}, so shell scripts read it the same way. */
    TIMEOUT(124);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
