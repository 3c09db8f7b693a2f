package dev.lepton.slurm.executor;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.execution.LaunchSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Shipped code for a gang and where its tasks start. A snapshot is {@code <sha256>.tar.gz} in
 * {@code directory} (the server's code store, as for the local executor), unpacked once per gang into
 * {@code code/} of the gang's directory, which the nodes share ({@link dev.lepton.slurm.job.GangFiles}):
 * every task of every node then starts in the same tree. {@code unpacker} must refuse an archive that
 * would write outside the directory it is given (the local executor's does).
 */
public record CodeSnapshots(Path directory, Unpacker unpacker) {
    /** How a snapshot's file is named after its hash, as the server's code store names it. */
    static final String SUFFIX = ".tar.gz";
    static final String CODE = "code";

    /** Unpacks a gzip tar into a directory made anew (what an earlier try left there goes), refusing entries that would leave it. */
    @FunctionalInterface
    public interface Unpacker {
        void unpack(Path archive, Path into) throws IOException;
    }

    public CodeSnapshots {
        requireNonNull(directory, "directory is null");
        requireNonNull(unpacker, "unpacker is null");
    }

    /**
     * Where the gang's tasks start: its code, unpacked into {@code code/} of {@code gang} (made anew
     * by the unpacker), or {@code gang} itself without code;
     * {@code spec.workingDir} relative to that (made if missing, and never outside it), or absolute, as
     * the nodes see it. Bad input throws {@link IllegalArgumentException} naming the field; a snapshot
     * that cannot be unpacked, {@link IOException}.
     */
    Path prepare(LaunchSpec spec, Path gang) throws IOException {
        Path base = gang;
        if (spec.code().isPresent()) {
            Path archive = directory.resolve(spec.code().get() + SUFFIX);
            if (!Files.isRegularFile(archive)) {
                throw new IllegalArgumentException("spec.code: no snapshot " + spec.code().get() + " in " + directory);
            }
            base = gang.resolve(CODE);
            unpacker.unpack(archive, base);
        }
        return start(spec.workingDir(), base);
    }

    private static Path start(Optional<String> workingDir, Path base) throws IOException {
        if (workingDir.isEmpty()) {
            return base;
        }
        Path wanted = Path.of(workingDir.get());
        if (wanted.isAbsolute()) {
            return wanted;
        }
        Path resolved = base.resolve(wanted).normalize();
        if (!resolved.startsWith(base)) {
            throw new IllegalArgumentException("spec.workingDir: " + wanted + " leaves " + base);
        }
        return Files.createDirectories(resolved);
    }
}
