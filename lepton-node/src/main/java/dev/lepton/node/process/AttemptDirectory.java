package dev.lepton.node.process;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.execution.AttemptId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One attempt's directory, {@code attemptsDir/<jobUid>/<epoch>/<rank>/}: the worker's working
 * directory, and where its output, exit status and CPU time are kept. Files are the record because
 * they survive the server; the wrapper writes the last two when the command ends.
 */
record AttemptDirectory(Path dir) {
    static final String LOG = "output.log";
    static final String CODE = "code";
    static final String WORK = "work";
    static final String TMP = "tmp";
    static final String EXIT_CODE = "exit-code";
    static final String CPU_TIMES = "cpu-times";
    /** The worker's memory limit in bytes, kept so that a watch over an adopted worker knows it. */
    static final String MEMORY_LIMIT = "memory-limit";

    AttemptDirectory {
        requireNonNull(dir, "dir is null");
    }

    static AttemptDirectory of(Path attemptsDir, AttemptId attempt) {
        return new AttemptDirectory(attemptsDir.resolve(attempt.jobUid())
                .resolve(Integer.toString(attempt.epoch())).resolve(Integer.toString(attempt.rank())));
    }

    /** Where shipped code is unpacked: beside the records, so that no shipped file can clash with them. */
    Path code() {
        return dir.resolve(CODE);
    }

    /** Where a worker that runs as its project's user starts when no code is shipped: its own, unlike the records. */
    Path work() {
        return dir.resolve(WORK);
    }

    /**
     * A sandboxed worker's {@code /tmp}, made now, empty and the worker's alone: on the attempt's disk, not in
     * memory, since programs write gigabytes there; it goes with the attempt's files.
     */
    Path tmp(int uid) throws IOException {
        Path tmp = dir.resolve(TMP);
        Files.createDirectories(tmp);
        WorkerUsers.chown(tmp, uid);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
        return tmp;
    }

    Path log() {
        return dir.resolve(LOG);
    }

    /** Creates the directory and removes what an earlier launch of the same attempt left, so no stale exit is read and {@code /tmp} starts empty. */
    void prepare() throws IOException {
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve(EXIT_CODE));
        Files.deleteIfExists(dir.resolve(CPU_TIMES));
        deleteTree(code());
        deleteTree(dir.resolve(TMP));
    }

    /** Deletes a tree without following links out of it. */
    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    void recordMemoryLimit(long bytes) throws IOException {
        Files.writeString(dir.resolve(MEMORY_LIMIT), Long.toString(bytes));
    }

    /** The memory limit recorded at launch; 0 (none) if there is no record. */
    long memoryLimit() {
        return read(MEMORY_LIMIT).map(String::strip).map(text -> {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                return 0L;
            }
        }).orElse(0L);
    }

    /** The exit status the wrapper recorded, if the command ended while the wrapper lived (and the record is whole). */
    Optional<Integer> exitCode() {
        return read(EXIT_CODE).filter(text -> text.endsWith("\n")).flatMap(text -> {
            try {
                return Optional.of(Integer.parseInt(text.trim()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /** CPU seconds of the command and the descendants it waited for, as the wrapper's {@code times} printed them. */
    OptionalDouble recordedCpuSeconds() {
        return read(CPU_TIMES).filter(text -> text.endsWith("\n")).map(ShellTimes::childrenCpuSeconds).orElse(OptionalDouble.empty());
    }

    private Optional<String> read(String name) {
        try {
            return Optional.of(Files.readString(dir.resolve(name)));
        } catch (IOException e) {
            return Optional.empty(); // absent: the wrapper did not get to write it
        }
    }
}
