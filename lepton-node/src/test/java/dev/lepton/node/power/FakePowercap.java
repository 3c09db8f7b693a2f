package dev.lepton.node.power;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@code /sys/class/powercap} tree in a temporary directory: zones with {@code name},
 * {@code max_energy_range_uj} and an {@code energy_uj} counter that the test advances, wrapping as
 * the kernel's does. Subzones are written flat beside their zone, as sysfs lists them.
 */
final class FakePowercap {
    private final Path root;

    FakePowercap(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** Adds zone {@code dir} (e.g. {@code intel-rapl:0}) named {@code name}, its counter at {@code startUj}. */
    FakePowercap zone(String dir, String name, long maxUj, long startUj) {
        try {
            Path zone = Files.createDirectories(root.resolve(dir));
            Files.writeString(zone.resolve("name"), name + "\n");
            Files.writeString(zone.resolve("max_energy_range_uj"), maxUj + "\n");
            Files.writeString(zone.resolve("energy_uj"), startUj + "\n");
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Advances zone {@code dir}'s counter by {@code joules}, wrapping at its maximum; answers whether it wrapped. */
    boolean consume(String dir, double joules) {
        try {
            Path zone = root.resolve(dir);
            long max = Long.parseLong(Files.readString(zone.resolve("max_energy_range_uj")).strip());
            long now = Long.parseLong(Files.readString(zone.resolve("energy_uj")).strip());
            long next = now + Math.round(joules * 1e6);
            boolean wrapped = next > max;
            Files.writeString(zone.resolve("energy_uj"), (wrapped ? next - max : next) + "\n");
            return wrapped;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long counter(String dir) throws IOException {
        return Long.parseLong(Files.readString(root.resolve(dir).resolve("energy_uj")).strip());
    }
}
