package dev.lepton.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Ends the workers a test's server left running. A server leaves its workers running when it closes
 * (a restart adopts them), but a test then deletes the server's home, and a worker that ends during
 * the deletion writes its exit records into a directory being deleted. Each worker's wrapper names its
 * attempt directory on its command line and leads its own process group, so every group whose leader
 * names a path under the home is killed, bwrap and the job's processes with it.
 */
public final class LeftoverWorkers {
    private LeftoverWorkers() {}

    public static void kill(Path home) {
        String under = home.toAbsolutePath().toString() + "/";
        Set<Long> groups = new HashSet<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                try {
                    String cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (cmdline.contains(under)) {
                        groups.add(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException gone) {
                    // It ended meanwhile.
                }
            });
        } catch (IOException e) {
            return;
        }
        for (long group : groups) {
            try {
                new ProcessBuilder("kill", "-KILL", "--", "-" + group).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start().waitFor();
            } catch (IOException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        Instant until = Instant.now().plus(Duration.ofSeconds(5));
        while (groups.stream().anyMatch(g -> Files.exists(Path.of("/proc", Long.toString(g)))) && Instant.now().isBefore(until)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
