package dev.lepton.slurm;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import java.util.List;
import java.util.regex.Pattern;

/** How a Slurm command ended: its exit status and what it printed. */
public record CliOutput(List<String> command, int exitCode, String stdout, String stderr) {
    /** What Slurm's commands say when the controller does not answer: try again later, not a refusal. */
    private static final Pattern UNREACHABLE = Pattern.compile(
            "Unable to contact slurm controller|Socket timed out|Connection refused|Zero Bytes were transmitted|"
                    + "Slurm backup controller in standby mode|Communication connection failure|Unable to establish controller");

    public CliOutput {
        command = List.copyOf(command);
        requireNonNull(stdout, "stdout is null");
        requireNonNull(stderr, "stderr is null");
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command is empty");
        }
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** This output if the command succeeded; otherwise the failure {@link #failure()} describes. */
    public CliOutput orThrow() {
        if (!succeeded()) {
            throw failure();
        }
        return this;
    }

    /**
     * The failure as one line that names the command and what it said: {@link ErrorCode#UNAVAILABLE}
     * when the controller did not answer (worth a retry), {@link ErrorCode#INVALID_ARGUMENT} when
     * Slurm refused the request.
     */
    public LeptonException failure() {
        String said = stderr.isBlank() ? stdout.strip() : stderr.strip();
        String message = commandLine() + " failed (exit " + exitCode + "): " + (said.isEmpty() ? "it printed nothing" : said.replaceAll("\\s*\\R\\s*", "; "));
        return new LeptonException(UNREACHABLE.matcher(said).find() ? ErrorCode.UNAVAILABLE : ErrorCode.INVALID_ARGUMENT, message);
    }

    /** The program and its arguments, for messages. */
    public String commandLine() {
        return String.join(" ", command);
    }
}
