package dev.lepton.node.power;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.energy.ComponentKind;
import dev.lepton.core.energy.ComponentReading;
import dev.lepton.core.energy.PowerSource;
import dev.lepton.core.energy.Provenance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * CPU package and DRAM power from RAPL's energy counters under {@code /sys/class/powercap} (root
 * injectable for tests). Zones are {@code intel-rapl:N} (also {@code amd-rapl:N} and
 * {@code amd_energy:N} should a kernel name them so); a zone named {@code package-*} is a CPU
 * package, a zone or subzone ({@code intel-rapl:N:M}) named {@code dram} is its memory. {@code core}
 * and {@code uncore} lie inside their package and {@code psys} covers the whole platform, so they are
 * skipped, as is {@code intel-rapl-mmio}, a second view of the same package counter: counting them
 * would count the same joules twice.
 *
 * <p>Each read is the difference of {@code energy_uj} since the previous one; a counter that went
 * down has wrapped at {@code max_energy_range_uj}. A counter that wraps twice between reads cannot be
 * told apart from one that wrapped once, so read more often than {@code max_energy_range_uj} over the
 * package's peak power (about a quarter of an hour on common servers).
 */
public final class RaplPowercap implements PowerSource {
    public static final Path ROOT = Path.of("/sys/class/powercap");
    private static final Pattern ZONE = Pattern.compile("(intel-rapl|amd-rapl|amd_energy):(\\d+)(?::(\\d+))?");

    /** One counter: what it measures, the package it belongs to, its directory and where it wraps. */
    record Zone(ComponentKind kind, int index, Path dir, long maxMicrojoules) {}

    /** What {@link #open} found: a source to read, or why RAPL cannot be used on this host. */
    public sealed interface Opened permits Available, Unavailable {}

    public record Available(RaplPowercap source) implements Opened {}

    public record Unavailable(String reason) implements Opened {}

    private final List<Zone> zones;
    private final InstantSource clock;
    private final long[] previous;
    private Instant previousAt;

    private RaplPowercap(List<Zone> zones, InstantSource clock, long[] first, Instant firstAt) {
        this.zones = List.copyOf(zones);
        this.clock = clock;
        this.previous = first;
        this.previousAt = firstAt;
    }

    /** Finds the package and DRAM zones under {@code root} and reads their counters once, so the first {@link #read} has a start. */
    public static Opened open(Path root, InstantSource clock) {
        requireNonNull(root, "root is null");
        requireNonNull(clock, "clock is null");
        if (!Files.isDirectory(root)) {
            return new Unavailable("there is no " + root + " (no powercap: not Linux, a VM that hides RAPL, or the intel_rapl_msr module is not loaded)");
        }
        List<Zone> zones;
        try {
            zones = zones(root);
        } catch (IOException e) {
            return new Unavailable(unreadable(e));
        }
        if (zones.stream().noneMatch(z -> z.kind() == ComponentKind.CPU_PACKAGE)) {
            return new Unavailable("no RAPL package zone under " + root);
        }
        long[] first = new long[zones.size()];
        try {
            for (int i = 0; i < zones.size(); i++) {
                first[i] = counter(zones.get(i));
            }
        } catch (IOException e) {
            return new Unavailable(unreadable(e));
        }
        return new Available(new RaplPowercap(zones, clock, first, clock.instant()));
    }

    /**
     * Each zone's average power since the previous read (or since {@link #open}); nothing when no time
     * has passed. Throws {@link UncheckedIOException} when a counter can no longer be read.
     */
    @Override
    public synchronized List<ComponentReading> read() {
        Instant now = clock.instant();
        Duration interval = Duration.between(previousAt, now);
        long[] current = new long[zones.size()];
        try {
            for (int i = 0; i < zones.size(); i++) {
                current[i] = counter(zones.get(i));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(unreadable(e), e);
        }
        List<ComponentReading> readings = new ArrayList<>(zones.size());
        if (!interval.isZero() && !interval.isNegative()) {
            double seconds = interval.toNanos() / 1e9;
            for (int i = 0; i < zones.size(); i++) {
                Zone zone = zones.get(i);
                double joules = delta(previous[i], current[i], zone.maxMicrojoules()) / 1e6;
                readings.add(new ComponentReading(zone.kind(), zone.index(), joules / seconds, interval, Provenance.MEASURED,
                        ComponentReading.RAPL));
            }
        }
        System.arraycopy(current, 0, previous, 0, current.length);
        previousAt = now;
        return readings;
    }

    List<Zone> zones() {
        return zones;
    }

    /** Energy between two counter values; a counter that went down wrapped at {@code max}. */
    static long delta(long before, long after, long max) {
        return after >= before ? after - before : max - before + after;
    }

    private static List<Zone> zones(Path root) throws IOException {
        // sysfs lists subzones both flat under the root and inside their zone; keep one of each name.
        Map<String, Path> dirs = new LinkedHashMap<>();
        for (Path dir : list(root)) {
            dirs.putIfAbsent(dir.getFileName().toString(), dir);
            if (ZONE.matcher(dir.getFileName().toString()).matches() && Files.isDirectory(dir)) {
                for (Path sub : list(dir)) {
                    dirs.putIfAbsent(sub.getFileName().toString(), sub);
                }
            }
        }
        List<Zone> zones = new ArrayList<>();
        for (Map.Entry<String, Path> entry : dirs.entrySet()) {
            Matcher zone = ZONE.matcher(entry.getKey());
            if (!zone.matches()) {
                continue;
            }
            Optional<ComponentKind> kind = kind(Files.readString(entry.getValue().resolve("name")).strip(), zone.group(3) != null);
            if (kind.isPresent()) {
                zones.add(new Zone(kind.get(), Integer.parseInt(zone.group(2)), entry.getValue(), maxRange(entry.getValue())));
            }
        }
        zones.sort(Comparator.comparing(Zone::index).thenComparing(Zone::kind));
        return zones;
    }

    private static Optional<ComponentKind> kind(String name, boolean subzone) {
        if (name.equals("dram")) {
            return Optional.of(ComponentKind.DRAM);
        }
        return !subzone && name.startsWith("package") ? Optional.of(ComponentKind.CPU_PACKAGE) : Optional.empty();
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted().toList();
        }
    }

    private static long maxRange(Path dir) throws IOException {
        return number(dir.resolve("max_energy_range_uj"));
    }

    private static long counter(Zone zone) throws IOException {
        return number(zone.dir().resolve("energy_uj"));
    }

    private static long number(Path file) throws IOException {
        String text = Files.readString(file).strip();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IOException(file + " holds '" + text + "', not a number of microjoules", e);
        }
    }

    static String unreadable(IOException e) {
        if (e instanceof AccessDeniedException denied) {
            return "cannot read " + denied.getFile() + ": permission denied. Since Linux 5.10 (the PLATYPUS fix, CVE-2020-8694) RAPL's"
                    + " energy_uj is readable by root only; run the node as root, or let its user read the counters: chmod o+r "
                    + denied.getFile() + " after each boot, or a udev rule such as ACTION==\"add\", SUBSYSTEM==\"powercap\","
                    + " RUN+=\"/bin/chmod o+r /sys/class/powercap/%k/energy_uj\"";
        }
        return "cannot read RAPL: " + e;
    }
}
