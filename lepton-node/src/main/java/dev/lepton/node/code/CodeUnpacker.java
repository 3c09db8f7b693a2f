package dev.lepton.node.code;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks a shipped code snapshot (a gzip tar) into a worker's code directory, refusing anything that
 * would write outside it: absolute or {@code ..} names, links that point outside, writes through a
 * link, hard links and device files. A refused archive fails the launch; nothing is written past
 * the refused entry. The local executor unpacks for each worker; the server hands it to the Slurm
 * executor, which unpacks once per gang.
 */
public final class CodeUnpacker {
    /** The most an archive may unpack to: a guard against a small archive of zeros that fills the disk. */
    static final long MAX_UNPACKED_BYTES = 4L << 30;

    private CodeUnpacker() {}

    /** Thrown for an archive that tries to leave its directory or is not a gzip tar. */
    public static final class BadArchiveException extends IOException {
        BadArchiveException(String message) {
            super(message);
        }
    }

    /** Unpacks {@code archive} into {@code root}, made anew: what an earlier try left there is removed first. */
    public static void unpack(Path archive, Path root) throws IOException {
        FileTrees.remove(root);
        Files.createDirectories(root);
        Path base = root.toRealPath();
        long written = 0;
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive));
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Path target = inside(base, entry.getName());
                requireNoLinkOnTheWay(base, target, entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isSymbolicLink()) {
                    Path linkTarget = Path.of(entry.getLinkName());
                    if (linkTarget.isAbsolute() || !target.getParent().resolve(linkTarget).normalize().startsWith(base)) {
                        throw new BadArchiveException("entry " + entry.getName() + " links outside the code directory (to "
                                + entry.getLinkName() + ")");
                    }
                    Files.createDirectories(target.getParent());
                    Files.createSymbolicLink(target, linkTarget);
                } else if (entry.isFile()) {
                    Files.createDirectories(target.getParent());
                    written += copy(tar, target, MAX_UNPACKED_BYTES - written, entry.getName());
                    if ((entry.getMode() & 0100) != 0) {
                        Set<PosixFilePermission> permissions = EnumSet.copyOf(Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS));
                        permissions.addAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                                PosixFilePermission.OTHERS_EXECUTE));
                        Files.setPosixFilePermissions(target, permissions);
                    }
                } else {
                    throw new BadArchiveException("entry " + entry.getName() + " is neither a file, a directory nor a symbolic link");
                }
            }
        }
    }

    /** Where an entry goes, provided that is inside {@code base}. */
    private static Path inside(Path base, String name) throws BadArchiveException {
        Path relative = Path.of(name);
        Path target = base.resolve(relative).normalize();
        if (relative.isAbsolute() || !target.startsWith(base) || target.equals(base) && !name.matches("\\.?/?")) {
            throw new BadArchiveException("entry " + name + " would be written outside the code directory");
        }
        return target;
    }

    /** No directory between {@code base} and {@code target}, nor the target itself, may be a link: a write through it could land anywhere. */
    private static void requireNoLinkOnTheWay(Path base, Path target, String name) throws BadArchiveException {
        for (Path p = target; p != null && !p.equals(base); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                throw new BadArchiveException("entry " + name + " would be written through the symbolic link " + base.relativize(p));
            }
        }
    }

    private static long copy(InputStream in, Path target, long allowance, String name) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
                if (total > allowance) {
                    throw new BadArchiveException("the archive unpacks to more than " + (MAX_UNPACKED_BYTES >> 30) + " GiB (at " + name + ")");
                }
                out.write(buffer, 0, n);
            }
        }
        return total;
    }
}
