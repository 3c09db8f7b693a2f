package dev.lepton.dist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A directory for the files tests open to let a worker go on: open to every user, since workers run as
 * their project's uid where the server is root, and given to the job as its {@code --workdir}, the one
 * host directory outside its own that a sandboxed worker sees.
 */
final class Gates {
    private Gates() {}

    static Path open(Path dir) {
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
