package dev.lepton.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Temporary directories that a job's worker may use as well as the test: where the server is root,
 * workers run as their project's own unprivileged user, and a directory only root may enter would
 * keep them from the files a test hands them (gates, marks). Set as the default for {@code @TempDir}
 * in each module's {@code junit-platform.properties}.
 */
public final class SharedTempDirs implements TempDirFactory {
    @Override
    public Path createTempDirectory(AnnotatedElementContext elementContext, ExtensionContext extensionContext) throws IOException {
        Path dir = Files.createTempDirectory("junit-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        return dir;
    }
}
