package dev.lepton.core.resource;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and prints the quantities users write: CPU as {@code 2}, {@code 0.5} or {@code 500m};
 * sizes as {@code 512MiB}, {@code 80GB} or plain bytes (units with an {@code i} are binary, others decimal, as in
 * Kubernetes: {@code 1Gi} = 2^30, {@code 1G} = {@code 1GB} = 10^9); durations as {@code 30s}, {@code 5m}, {@code 2h}, {@code 1h30m}.
 * Parsers throw {@link IllegalArgumentException} with a message saying what is accepted.
 */
public final class Quantities {
    private static final Pattern CPU = Pattern.compile("(\\d+(?:\\.\\d{1,3})?)(m?)");
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([KMGTP]i?B?|B)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final String[] BINARY_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

    private Quantities() {}

    public static long parseCpu(String text) {
        try {
            return cpu(text);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("CPU quantity out of range; write cores (2, 0.5) or millicores (500m)");
        }
    }

    private static long cpu(String text) {
        Matcher m = CPU.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a CPU quantity; write cores (2, 0.5) or millicores (500m)");
        }
        if (!m.group(2).isEmpty()) {
            if (m.group(1).contains(".")) {
                throw new IllegalArgumentException("millicores are whole numbers (500m)");
            }
            return Long.parseLong(m.group(1));
        }
        return new java.math.BigDecimal(m.group(1)).movePointRight(3).longValueExact();
    }

    public static long parseBytes(String text) {
        try {
            return bytes(text);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("size out of range; write bytes or a unit such as 512MiB, 2GiB, 80GB");
        }
    }

    private static long bytes(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size; write bytes or a unit such as 512MiB, 2GiB, 80GB");
        }
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        boolean binary = unit.contains("I");
        int power = switch (unit.charAt(0)) {
            case 'K' -> 1;
            case 'M' -> 2;
            case 'G' -> 3;
            case 'T' -> 4;
            case 'P' -> 5;
            default -> 0;
        };
        java.math.BigDecimal value = new java.math.BigDecimal(m.group(1))
                .multiply(java.math.BigDecimal.valueOf(binary ? 1024 : 1000).pow(power));
        return value.setScale(0, java.math.RoundingMode.CEILING).longValueExact();
    }

    public static Duration parseDuration(String text) {
        try {
            return duration(text);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("duration out of range; write 30s, 5m, 2h or 1h30m");
        }
    }

    private static Duration duration(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty duration; write 30s, 5m, 2h or 1h30m");
        }
        Matcher m = DURATION_PART.matcher(t);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
            end = m.end();
        }
        if (end != t.length()) {
            throw new IllegalArgumentException("not a duration; write 30s, 5m, 2h or 1h30m");
        }
        return total;
    }

    public static String formatCpu(long millis) {
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : millis + "m";
    }

    public static String formatBytes(long bytes) {
        int unit = 0;
        double value = bytes;
        while (value >= 1024 && unit < BINARY_UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return value == Math.rint(value)
                ? (long) value + BINARY_UNITS[unit]
                : String.format(Locale.ROOT, "%.1f%s", value, BINARY_UNITS[unit]);
    }

    public static String formatDuration(Duration d) {
        long s = d.toSeconds();
        if (d.toMillisPart() != 0 && s < 60) {
            return d.toMillis() + "ms";
        }
        StringBuilder out = new StringBuilder();
        if (s >= 3600) {
            out.append(s / 3600).append('h');
        }
        if (s % 3600 >= 60) {
            out.append(s % 3600 / 60).append('m');
        }
        if (s % 60 != 0 || out.isEmpty() && d.toMillisPart() == 0) {
            out.append(s % 60).append('s');
        }
        if (d.toMillisPart() != 0) {
            out.append(d.toMillisPart()).append("ms");
        }
        return out.toString();
    }
}
