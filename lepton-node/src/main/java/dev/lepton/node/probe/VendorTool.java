package dev.lepton.node.probe;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A GPU vendor's command-line tool ({@code nvidia-smi}, {@code rocm-smi}): found on {@code PATH}, and run with a timeout. */
final class VendorTool {
    /** What a run printed on its standard output, and its exit status. */
    record Run(String output, int exitCode) {}

    private VendorTool() {}

    /** The first executable named {@code name} in the directories of {@code path} ({@code PATH}'s form). */
    static Optional<Path> onPath(String name, String path) {
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** {@code name} on this process's {@code PATH}. */
    static Optional<Path> onPath(String name) {
        return onPath(name, System.getenv().getOrDefault("PATH", ""));
    }

    /**
     * Runs {@code command} for at most {@code timeout}. Its output goes to a file rather than a pipe, so that a tool that
     * hangs cannot block the caller past the timeout; its errors are discarded. A run that outlives the timeout is killed
     * and is an {@link IOException} saying so.
     */
    static Run run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Path out = Files.createTempFile("lepton-" + Path.of(command.getFirst()).getFileName(), ".out");
        try {
            Process tool = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!tool.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                tool.destroyForcibly();
                throw new IOException("timed out after " + timeout);
            }
            return new Run(Files.readString(out), tool.exitValue());
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
