package dev.lepton.node.limits;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Reading and writing the small text files of a cgroup filesystem. */
final class ControlFiles {
    private ControlFiles() {}

    static void write(Path file, String value) throws IOException {
        // No CREATE, no TRUNCATE: a control file exists or the kernel does not offer it.
        Files.writeString(file, value, StandardCharsets.US_ASCII, java.nio.file.StandardOpenOption.WRITE);
    }

    /** The number after {@code key} in a flat keyed file such as {@code memory.events} ({@code oom_kill 1}). */
    static OptionalLong keyed(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                String[] fields = line.strip().split("\\s+");
                if (fields.length == 2 && fields[0].equals(key)) {
                    return OptionalLong.of(Long.parseLong(fields[1]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    /**
     * Removes an (empty) control group: rmdir, which the kernel refuses while processes remain in it.
     * The worker's wrapper may be reported gone a moment before the last of its processes has left
     * (a sandbox's PID namespace is torn down after its first process exits; a loaded machine reaps
     * late), so a refusal is tried again for a little over a second before the group is left in place.
     */
    static boolean remove(Path group) {
        for (long pause = 10; ; pause *= 2) {
            try {
                Files.deleteIfExists(group);
                return true;
            } catch (IOException e) {
                if (pause > 640) {
                    return false;
                }
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
