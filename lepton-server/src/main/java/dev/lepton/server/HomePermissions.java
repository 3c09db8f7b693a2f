package dev.lepton.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * What the server keeps in its home is its own: the home is {@code 0700}, or, where workers of
 * project users reach their working directories inside it through the host's paths (no sandbox),
 * passable but not listable ({@code 0711}); the database, credentials, lock and any log beside them
 * are readable by the server alone, and so are shipped code snapshots of every project.
 */
final class HomePermissions {
    private HomePermissions() {}

    static void restrict(Path home, boolean workersPassThrough) {
        try {
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString(workersPassThrough ? "rwx--x--x" : "rwx------"));
            try (Stream<Path> entries = Files.list(home)) {
                for (Path file : entries.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                }
            }
            Path code = Files.createDirectories(home.resolve("code"));
            Files.setPosixFilePermissions(code, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException | UnsupportedOperationException e) {
            throw new UncheckedIOException("cannot restrict the permissions of " + home + ": " + e.getMessage(),
                    e instanceof IOException io ? io : new IOException(e));
        }
    }
}
