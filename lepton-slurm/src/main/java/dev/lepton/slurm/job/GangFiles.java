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
 * them), each task's step record ({@code step-RANK}: the id of the Slurm step that runs it, written by
 * the wrapper as the task starts), each task's exit record ({@code exit-RANK}: its exit status and a
 * newline, written once, by the wrapper, when the task's command has ended), the batch script's own
 * output ({@code batch.log}: what {@code srun} says), the gang's shape ({@code shape}: its nodes and
 * each task's resources, written at submission) and the stop request ({@code stop}) that
 * {@link SlurmJobs#terminate} leaves for the batch script.
 */
public record GangFiles(Path directory) {
    static final String STOP = "stop";
    static final String BATCH_LOG = "batch.log";
    static final String SHAPE = "shape";

    public GangFiles {
        requireNonNull(directory, "directory is null");
    }

    public Path log(int rank) {
        return directory.resolve("worker-" + rank + ".log");
    }

    public Path exitRecord(int rank) {
        return directory.resolve("exit-" + rank);
    }

    public Path stepRecord(int rank) {
        return directory.resolve("step-" + rank);
    }

    /** Where the gang's tasks run and what each holds ({@link GangShape}), written when it is submitted. */
    public Path shapeRecord() {
        return directory.resolve(SHAPE);
    }

    /** The gang's shape as its submission recorded it; empty for a gang submitted before shapes were kept. */
    public Optional<GangShape> shape() {
        try {
            return GangShape.parse(Files.readString(shapeRecord(), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + shapeRecord(), e);
        }
    }

    public Path batchLog() {
        return directory.resolve(BATCH_LOG);
    }

    public Path stopRequest() {
        return directory.resolve(STOP);
    }

    /** The log's path up to the rank, as Slurm's {@code --output} takes it: a '%' of the path itself is doubled. */
    String logPrefix() {
        return directory.toString().replace("%", "%%") + "/worker-";
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
        return number(exitRecord(rank), 3);
    }

    /** The step that runs the task of this rank ({@code 3} of job 12's step {@code 12.3}): empty until the task has started. */
    public Optional<Integer> step(int rank) {
        return number(stepRecord(rank), 9);
    }

    /** A record's number, once written whole (digits and a newline, in one write of a few bytes). */
    private static Optional<Integer> number(Path record, int digits) {
        try {
            String text = Files.readString(record, StandardCharsets.UTF_8);
            return text.endsWith("\n") && text.strip().matches("\\d{1," + digits + "}") ? Optional.of(Integer.parseInt(text.strip()))
                    : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + record, e);
        }
    }
}
