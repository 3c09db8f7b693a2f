package dev.lepton.server.code;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.execution.LaunchSpec;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.resource.Quantities;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Snapshots on disk: {@code <dir>/<sha256>.tar.gz}, one file per content whoever sent it, and
 * {@code <dir>/projects/<project>/<sha256>}, an empty mark that the project may use it. A project
 * sees only the snapshots someone in it uploaded, so that a hash cannot be used to probe or borrow
 * another project's code: uploading means sending the bytes, which are checked against the hash.
 */
public final class CodeStore {
    /** The largest snapshot accepted, unless configured otherwise. */
    public static final long DEFAULT_MAX_BYTES = 100L << 20;
    /** How a snapshot's file is named after its hash; the local executor reads it by the same name. */
    public static final String SUFFIX = ".tar.gz";
    private static final byte[] GZIP_MAGIC = {0x1f, (byte) 0x8b};

    private final Path dir;
    private final long maxBytes;

    public CodeStore(Path dir, long maxBytes) {
        this.dir = requireNonNull(dir, "dir is null");
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    public Path dir() {
        return dir;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Whether {@code project} may use the snapshot: it is stored and someone in the project sent it. */
    public boolean has(String project, String sha256) {
        requireSha(sha256, "sha256");
        return Files.isRegularFile(archive(sha256)) && Files.exists(mark(project, sha256));
    }

    /** The upload's outcome: its size, and whether these bytes were new to the store. */
    public record Stored(String sha256, long sizeBytes, boolean created) {}

    /**
     * Stores {@code body} as the snapshot {@code sha256} for {@code project}: streamed to a temporary
     * file while hashed and counted, refused if it is over the cap, hashes to something else or is not
     * gzip, then renamed into place.
     */
    public Stored put(String project, String sha256, InputStream body) {
        requireSha(sha256, "sha256");
        try {
            Files.createDirectories(dir);
            Path upload = Files.createTempFile(dir, ".upload-", ".part");
            try {
                long size = copyChecked(body, upload, sha256);
                // Already there means the same bytes (they hash the same): replacing them changes nothing.
                boolean created = !Files.exists(archive(sha256));
                Files.move(upload, archive(sha256), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                Files.createDirectories(mark(project, sha256).getParent());
                boolean marked = !Files.exists(mark(project, sha256));
                if (marked) {
                    Files.createFile(mark(project, sha256));
                }
                return new Stored(sha256, size, created || marked);
            } finally {
                Files.deleteIfExists(upload);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store code snapshot " + sha256 + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    private long copyChecked(InputStream body, Path upload, String sha256) throws IOException {
        MessageDigest digest = sha256Digest();
        byte[] buffer = new byte[64 * 1024];
        byte[] head = new byte[2];
        long size = 0;
        try (OutputStream out = Files.newOutputStream(upload)) {
            for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                if (size < 2) {
                    System.arraycopy(buffer, 0, head, (int) size, (int) Math.min(n, 2 - size));
                }
                size += n;
                if (size > maxBytes) {
                    throw new LeptonException(ErrorCode.BODY_TOO_LARGE, "code snapshot: over the " + Quantities.formatBytes(maxBytes)
                            + " cap (" + Quantities.formatBytes(size) + " sent so far); leave out what the job does not need (.leptonignore)");
                }
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(sha256)) {
            throw new LeptonException(ErrorCode.INVALID_ARGUMENT, "body: hashes to sha256:" + actual + ", not the sha256:" + sha256
                    + " in the path");
        }
        if (size < 2 || head[0] != GZIP_MAGIC[0] || head[1] != GZIP_MAGIC[1]) {
            throw new LeptonException(ErrorCode.INVALID_ARGUMENT, "body: not a gzip tar (" + size + " bytes without the gzip magic number)");
        }
        return size;
    }

    private Path archive(String sha256) {
        return dir.resolve(sha256 + SUFFIX);
    }

    private Path mark(String project, String sha256) {
        return dir.resolve("projects").resolve(project).resolve(sha256);
    }

    /** Refuses anything but 64 lowercase hex digits, naming the field. */
    public static void requireSha(String text, String field) {
        if (!LaunchSpec.isSha256(text)) {
            throw new LeptonException(ErrorCode.INVALID_ARGUMENT, field + ": must be a SHA-256 as 64 lowercase hex digits (got '" + text + "')");
        }
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
