package dev.lepton.cli.output;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** Quantities written for people: {@code 12.3MiB}, {@code 5m}, {@code 2d}. */
public final class Units {
    private static final String[] BINARY_UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Units() {}

    /** Bytes in binary units with one decimal, e.g. {@code 12.3MiB}; under 1 KiB as {@code 512B}. */
    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + "B";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < BINARY_UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f%s", value, BINARY_UNITS[unit]);
    }

    /** How long ago, in the largest whole unit ({@code 45s}, {@code 12m}, {@code 3h}, {@code 2d}); {@code -} if unknown. */
    /** Two significant digits, never in scientific notation: {@code 0.0052}, {@code 780}. */
    public static String significant(double value) {
        return new java.math.BigDecimal(value).round(new java.math.MathContext(2)).stripTrailingZeros().toPlainString();
    }

    public static String age(Instant then, Instant now) {
        if (then == null) {
            return "-";
        }
        return shortDuration(Duration.between(then, now).isNegative() ? Duration.ZERO : Duration.between(then, now));
    }

    public static String shortDuration(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 120) {
            return seconds + "s";
        }
        if (seconds < 2 * 3600) {
            return seconds / 60 + "m";
        }
        if (seconds < 2 * 86400) {
            return seconds / 3600 + "h";
        }
        return seconds / 86400 + "d";
    }

    /** A duration as written on the command line, exact: {@code 1h30m}, {@code 45s}, {@code 250ms}. */
    public static String exactDuration(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        StringBuilder text = new StringBuilder();
        append(text, duration.toDaysPart(), "d");
        append(text, duration.toHoursPart(), "h");
        append(text, duration.toMinutesPart(), "m");
        append(text, duration.toSecondsPart(), "s");
        append(text, duration.toMillisPart(), "ms");
        return text.toString();
    }

    /** An instant to the second, in UTC, so that output is the same on every machine. */
    public static String time(Instant instant) {
        return instant == null ? "-" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** {@code 2025-03-01T11:50:00Z (10m ago)}; null when unknown, so that a summary shows {@code -}. */
    public static String timeAgo(Instant at, Instant now) {
        return at == null ? null : time(at) + " (" + age(at, now) + " ago)";
    }

    private static void append(StringBuilder text, long amount, String unit) {
        if (amount > 0) {
            text.append(amount).append(unit);
        }
    }
}
