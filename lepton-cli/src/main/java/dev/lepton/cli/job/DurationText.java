package dev.lepton.cli.job;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations as users write them everywhere in Lepton: {@code 30s}, {@code 5m}, {@code 2h},
 * {@code 1d}, {@code 250ms}, and sums such as {@code 1h30m}. A bare number is refused: "10" could
 * mean seconds or minutes, and guessing wrong makes a wait end early or hang.
 */
public final class DurationText implements ITypeConverter<Duration> {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:ms|s|m|h|d))+");

    public static Duration parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        if (!WHOLE.matcher(trimmed).matches()) {
            throw new IllegalArgumentException(problem(trimmed));
        }
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(trimmed);
        while (part.find()) {
            total = total.plus(amount(part.group(1), part.group(2), trimmed));
        }
        return total;
    }

    @Override
    public Duration convert(String value) {
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    private static Duration amount(String digits, String unit, String text) {
        try {
            long n = Long.parseLong(digits);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> throw new IllegalStateException("unit " + unit + " is in the pattern but not handled");
            };
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("duration '" + text + "' is too long", e);
        }
    }

    private static String problem(String text) {
        if (text.isEmpty()) {
            return "expected a duration like 30s, 5m or 2h, got nothing";
        }
        if (text.chars().allMatch(Character::isDigit)) {
            return "'" + text + "' has no unit; write " + text + "s, " + text + "m or " + text + "h";
        }
        return "expected a duration like 30s, 5m, 2h or 1h30m (units ms, s, m, h, d), got '" + text + "'";
    }
}
