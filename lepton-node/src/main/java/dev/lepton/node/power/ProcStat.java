package dev.lepton.node.power;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The node's CPU time from the first line of {@code /proc/stat} (path injectable for tests): busy
 * time is {@code user} to {@code softirq} less {@code idle} and {@code iowait}; {@code steal} (the
 * hypervisor running someone else) is left out of both, and {@code guest} is already counted in
 * {@code user}. Ticks are {@value #USER_HZ} a second, the value every
 * Linux architecture exports to user space.
 */
public final class ProcStat {
    public static final Path PATH = Path.of("/proc/stat");
    static final int USER_HZ = 100;

    /** Cumulative CPU time since boot, over all CPUs, in seconds. */
    public record CpuTime(double busySeconds, double totalSeconds) {
        /** Busy time as a fraction of all time between {@code earlier} and this; 0 when no time passed. */
        public double utilisationSince(CpuTime earlier) {
            double total = totalSeconds - earlier.totalSeconds;
            return total <= 0 ? 0 : Math.clamp((busySeconds - earlier.busySeconds) / total, 0.0, 1.0);
        }
    }

    private final Path path;

    public ProcStat(Path path) {
        this.path = requireNonNull(path, "path is null");
    }

    public CpuTime read() {
        try {
            String first = Files.readAllLines(path).stream().filter(l -> l.startsWith("cpu ")).findFirst()
                    .orElseThrow(() -> new IOException("no aggregate 'cpu ' line in " + path));
            long[] ticks = Arrays.stream(first.substring(4).strip().split("\\s+")).limit(7).mapToLong(Long::parseLong).toArray();
            if (ticks.length < 5) {
                throw new IOException("too few fields on the 'cpu ' line of " + path + ": " + first);
            }
            long total = Arrays.stream(ticks).sum();
            long idle = ticks[3] + ticks[4];
            return new CpuTime((double) (total - idle) / USER_HZ, (double) total / USER_HZ);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CPU time from " + path, e);
        }
    }
}
