package dev.lepton.node.process;

import static org.assertj.core.api.Assumptions.assumeThat;

import dev.lepton.core.execution.LaunchSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A server home for sandbox tests, under the module's {@code target/} rather than {@code /tmp}: a home
 * under {@code /tmp} puts the worker's tree below the sandbox's own {@code /tmp}, where bwrap makes the
 * directories that lead to it, and the test of an empty {@code /tmp} would see them.
 */
final class SandboxHome implements AutoCloseable {
    final Path home;
    final ExecutorFixture fixture;

    SandboxHome() {
        try {
            home = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "sandbox-home-");
            // As the server leaves its home under a sandbox: its own alone, not even passable (bwrap, as root, binds the tree in).
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
            Files.createDirectories(home.resolve("code"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        fixture = new ExecutorFixture(home.resolve("attempts"));
    }

    /** A sandboxing executor; the test is skipped, saying why, where this host cannot sandbox. */
    LocalProcessExecutor sandboxing(ExitRecorder exits) {
        return sandboxing(exits, LocalExecutorConfig.Limits.AUTO);
    }

    LocalProcessExecutor sandboxing(ExitRecorder exits, LocalExecutorConfig.Limits limits) {
        LocalProcessExecutor executor = fixture.sandboxingExecutor(exits, limits);
        assumeThat(executor.isolation()).as("the tests run as root, with setpriv and a bwrap that works here (Debian: bubblewrap)")
                .isEqualTo(Sandbox.NAME);
        return executor;
    }

    String output(LaunchSpec spec) throws IOException {
        return Files.readString(fixture.dir(spec.attempt()).resolve(AttemptDirectory.LOG));
    }

    @Override
    public void close() {
        fixture.close();
        try (Stream<Path> paths = Files.walk(home)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + home + ": " + e.getMessage(), e);
        }
    }
}
