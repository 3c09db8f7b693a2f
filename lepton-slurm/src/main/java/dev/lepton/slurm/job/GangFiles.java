package dev.lepton.slurm.job;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A gang's directory: each task's log ({@code worker-RANK.log}, stdout and stderr as Slurm writes
 * them), each task's exit record ({@code exit-RANK}: its exit status and a newline, written once, by
 * the wrapper, when the task's command has ended), the batch script's own output ({@code batch.log}:
 * what {@code srun} says) and the stop request ({@code stop}) that {@link SlurmJobs#terminate} leaves
 * for the batch script.
 */
public record GangFiles(Path directory) {
    static final String STOP = "stop";
    static final String BATCH_LOG = "batch.log";

    public GangFiles {
        requireNonNull(directory, "directory is null");
    }

    public Path log(int rank) {
        return directory.resolve("worker-" + rank + ".log");
    }

    public Path exitRecord(int rank) {
        return directory.resolve("exit-" + rank);
    }

    public Path batchLog() {
        return directory.resolve(BATCH_LOG);
    }

    public Path stopRequest() {
        return directory.resolve(STOP);
    }

    /** As Slurm's {@code --output} takes it: {@code %t} is the task's rank; a '%' of the path itself is doubled. */
    String logPattern() {
        return directory.toString().replace("%", "%%") + "/worker-%t.log";
    }

    String batchLogPattern() {
        return batchLog().toString().replace("%", "%%");
    }

    /**
     * The exit status the task of this rank recorded: 128 + N when its command died of signal N.
     * Empty while the task runs, and for good when the task was killed outright (SIGKILL, or a node
     * lost) before its wrapper could write.
     */
    public Optional<Integer> exitStatus(int rank) {
        try {
            String text = Files.readString(exitRecord(rank), StandardCharsets.UTF_8);
            return text.endsWith("\n") && text.strip().matches("\\d{1,3}") ? Optional.of(Integer.parseInt(text.strip())) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + exitRecord(rank), e);
        }
    }
}
