package dev.lepton.cli.code;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;
import dev.lepton.cli.output.Units;

/**
 * A directory packed for shipping: a gzip tar of the files {@code .gitignore} and {@code .leptonignore}
 * (in the directory and below, as git reads them) let through, never {@code .git/}. The archive is
 * reproducible (entries sorted, times, owners and the gzip header fixed; only content, names and the
 * executable bit count), so an unchanged directory packs to the same bytes and the same SHA-256,
 * which the server is asked about before anything is sent.
 *
 * @param archive the gzip tar, in a temporary file the caller deletes
 * @param sha256 of the archive's bytes, as 64 lowercase hex digits
 * @param files how many files it holds
 * @param fileBytes what those files hold, uncompressed
 * @param skippedLinks symbolic links left out because they point outside the directory
 */
public record CodeSnapshot(Path archive, String sha256, long sizeBytes, int files, long fileBytes, List<String> skippedLinks) {
    /** The largest archive the CLI sends; the server's default cap is the same. */
    public static final long MAX_BYTES = 100L << 20;
    static final List<String> IGNORE_FILES = List.of(".gitignore", ".leptonignore");

    /** The archive would be larger than the cap. */
    public static final class TooLargeException extends IOException {
        TooLargeException(String message) {
            super(message);
        }
    }

    public static CodeSnapshot pack(Path directory, long maxBytes) throws IOException {
        Path root = directory.toRealPath();
        if (!Files.isDirectory(root)) {
            throw new IOException(directory + " is not a directory");
        }
        Selection selection = select(root);
        Path archive = Files.createTempFile("lepton-code-", ".tar.gz");
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            long size;
            try (CappedOutputStream capped = new CappedOutputStream(new DigestOutputStream(Files.newOutputStream(archive), digest), maxBytes,
                    selection)) {
                write(selection.entries(), capped);
                size = capped.count;
            }
            return new CodeSnapshot(archive, HexFormat.of().formatHex(digest.digest()), size, selection.files(), selection.fileBytes(),
                    selection.skippedLinks());
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(archive);
            throw e;
        } catch (NoSuchAlgorithmException e) {
            Files.deleteIfExists(archive);
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** What goes in: relative path (with {@code /}) → the file, directory or link, in sorted order. */
    record Selection(Map<String, Path> entries, int files, long fileBytes, List<String> skippedLinks) {}

    static Selection select(Path root) throws IOException {
        Map<String, Path> entries = new TreeMap<>();
        List<String> skipped = new ArrayList<>();
        int files = 0;
        long bytes = 0;
        Deque<Walk> pending = new ArrayDeque<>(List.of(new Walk(root, "", List.of())));
        while (!pending.isEmpty()) {
            Walk walk = pending.pop();
            List<Scoped> rules = new ArrayList<>(walk.rules());
            for (String name : IGNORE_FILES) {
                Path file = walk.dir().resolve(name);
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    rules.add(new Scoped(walk.prefix(), IgnoreRules.parse(Files.readString(file))));
                }
            }
            List<Path> children;
            try (Stream<Path> list = Files.list(walk.dir())) {
                children = list.sorted().toList();
            }
            for (Path child : children) {
                String relative = walk.prefix() + child.getFileName();
                boolean link = Files.isSymbolicLink(child);
                boolean directory = !link && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS);
                if (child.getFileName().toString().equals(".git") || ignored(rules, relative, directory)) {
                    continue;
                }
                if (link) {
                    Path target = Files.readSymbolicLink(child);
                    if (target.isAbsolute() || !child.getParent().resolve(target).normalize().startsWith(root)) {
                        skipped.add(relative + " -> " + target);
                        continue;
                    }
                    entries.put(relative, child);
                } else if (directory) {
                    entries.put(relative + "/", child);
                    pending.push(new Walk(child, relative + "/", rules));
                } else if (Files.isRegularFile(child, LinkOption.NOFOLLOW_LINKS)) {
                    entries.put(relative, child);
                    files++;
                    bytes += Files.size(child);
                }
            }
        }
        return new Selection(entries, files, bytes, skipped);
    }

    private record Walk(Path dir, String prefix, List<Scoped> rules) {}

    /** The rules of one ignore file, with the directory (relative, ending in {@code /}, or empty) they apply under. */
    private record Scoped(String base, IgnoreRules rules) {}

    /** Deeper files speak after shallower ones, and within one directory .leptonignore after .gitignore: the last verdict wins. */
    private static boolean ignored(List<Scoped> scopes, String relative, boolean directory) {
        IgnoreRules.Verdict verdict = IgnoreRules.Verdict.NONE;
        for (Scoped scope : scopes) {
            IgnoreRules.Verdict said = scope.rules().verdict(relative.substring(scope.base().length()), directory);
            if (said != IgnoreRules.Verdict.NONE) {
                verdict = said;
            }
        }
        return verdict == IgnoreRules.Verdict.IGNORE;
    }

    private static void write(Map<String, Path> entries, OutputStream out) throws IOException {
        GzipParameters gzip = new GzipParameters();
        gzip.setModificationTime(0);
        try (GzipCompressorOutputStream compressed = new GzipCompressorOutputStream(out, gzip);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(compressed)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Map.Entry<String, Path> e : entries.entrySet()) {
                Path path = e.getValue();
                TarArchiveEntry entry;
                boolean regular = false;
                if (Files.isSymbolicLink(path)) {
                    entry = new TarArchiveEntry(e.getKey(), TarArchiveEntry.LF_SYMLINK);
                    entry.setLinkName(Files.readSymbolicLink(path).toString());
                    entry.setMode(0120777);
                } else if (e.getKey().endsWith("/")) {
                    entry = new TarArchiveEntry(e.getKey());
                    entry.setMode(040755);
                } else {
                    entry = new TarArchiveEntry(e.getKey());
                    entry.setSize(Files.size(path));
                    entry.setMode(Files.isExecutable(path) ? 0100755 : 0100644);
                    regular = true;
                }
                entry.setModTime(0);
                entry.setIds(0, 0);
                entry.setNames("", "");
                tar.putArchiveEntry(entry);
                if (regular) {
                    Files.copy(path, tar);
                }
                tar.closeArchiveEntry();
            }
        }
    }

    /** Counts what is written and stops at the cap, saying how much the directory holds. */
    private static final class CappedOutputStream extends FilterOutputStream {
        private final long cap;
        private final Selection selection;
        private long count;

        CappedOutputStream(OutputStream out, long cap, Selection selection) {
            super(out);
            this.cap = cap;
            this.selection = selection;
        }

        @Override
        public void write(int b) throws IOException {
            check(1);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            check(len);
            out.write(b, off, len);
        }

        private void check(int more) throws TooLargeException {
            count += more;
            if (count > cap) {
                throw new TooLargeException("over the " + Units.bytes(cap) + " cap: its " + selection.files() + " files hold "
                        + Units.bytes(selection.fileBytes()) + "; leave out what the job does not need in .leptonignore (gitignore syntax)");
            }
        }
    }
}
