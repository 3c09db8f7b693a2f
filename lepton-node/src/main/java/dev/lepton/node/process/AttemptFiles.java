package dev.lepton.node.process;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.resource.Quantities;
import dev.lepton.node.code.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The attempt directories under {@code attemptsDir} as a whole: removing a job's, listing whose
 * there are, cutting a worker's log that grew too large down to its tail. The local executor's
 * {@link dev.lepton.core.execution.AttemptCleanup}.
 */
record AttemptFiles(Path attemptsDir) {
    /** A job uid as the server makes them (a UUID); anything else could reach outside {@code attemptsDir}. */
    private static final Pattern JOB_UID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    /** The most of a log's tail a cut keeps, whatever the cap: the tail passes through memory. */
    private static final int MAX_KEPT_BYTES = 16 << 20;

    AttemptFiles {
        requireNonNull(attemptsDir, "attemptsDir is null");
    }

    /** Removes {@code attemptsDir/<jobUid>} and all below it, unless one of {@code running} belongs to the job. */
    boolean remove(String jobUid, Collection<AttemptId> running) {
        if (!JOB_UID.matcher(jobUid).matches()) {
            throw new IllegalArgumentException("not a job uid: '" + jobUid + "'");
        }
        if (running.stream().anyMatch(attempt -> attempt.jobUid().equals(jobUid))) {
            return false;
        }
        Path root = attemptsDir.resolve(jobUid);
        if (!Files.isDirectory(root)) {
            return true;
        }
        try {
            FileTrees.remove(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + root + ": " + e.getMessage(), e);
        }
        return true;
    }

    Set<String> jobUids() {
        if (!Files.isDirectory(attemptsDir)) {
            return Set.of();
        }
        try (Stream<Path> jobs = Files.list(attemptsDir)) {
            return jobs.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(name -> JOB_UID.matcher(name).matches()).collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + attemptsDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Cuts the log to its last quarter of {@code maxBytes} (at most 16 MiB), from a line start where
     * there is one, headed by a line saying how much went; returns the bytes dropped (0: under the
     * cap). The worker keeps appending to the same file (its descriptor has {@code O_APPEND}), so
     * what it writes in the instant between reading the tail and truncating the file is lost.
     */
    static long cap(Path log, long maxBytes) {
        try (FileChannel file = FileChannel.open(log, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = file.size();
            if (size <= maxBytes) {
                return 0;
            }
            ByteBuffer tail = ByteBuffer.allocate((int) Math.min(maxBytes / 4, MAX_KEPT_BYTES));
            long from = size - tail.capacity();
            while (tail.hasRemaining() && file.read(tail, from + tail.position()) > 0) {
                // read until the tail is full
            }
            tail.flip().position(lineStart(tail));
            long dropped = from + tail.position();
            file.truncate(0);
            appendNotice(log, dropped, maxBytes, tail);
            return dropped;
        } catch (NoSuchFileException gone) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot cap " + log + ": " + e.getMessage(), e);
        }
    }

    /** Where the first whole line starts, if one starts in the first half; else the tail as it is. */
    private static int lineStart(ByteBuffer tail) {
        for (int i = 0; i < tail.limit() / 2; i++) {
            if (tail.get(i) == '\n') {
                return i + 1;
            }
        }
        return 0;
    }

    /** Appends, in one write, the notice and the tail: after whatever the worker wrote since the truncation. */
    private static void appendNotice(Path log, long dropped, long maxBytes, ByteBuffer tail) throws IOException {
        byte[] notice = ("[lepton: " + dropped + " bytes of earlier output dropped; a worker's log is kept to "
                + Quantities.formatBytes(maxBytes) + "]\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer all = ByteBuffer.allocate(notice.length + tail.remaining()).put(notice).put(tail).flip();
        try (FileChannel append = FileChannel.open(log, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            while (all.hasRemaining()) {
                append.write(all);
            }
        }
    }
}
