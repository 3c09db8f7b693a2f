package dev.lepton.slurm;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Slurm's ways of writing time: instants as {@code 2024-05-01T12:00:00} in the commands' time zone
 * (UTC, as {@link ProcessSlurmCli} runs them), and durations as {@code [days-]hours:minutes:seconds},
 * {@code minutes:seconds} or {@code minutes}; "not set" as {@code Unknown}, {@code N/A}, {@code None}
 * or {@code UNLIMITED}.
 */
public final class SlurmTime {
    private static final Pattern DURATION = Pattern.compile("(?:(\\d+)-)?(\\d+)(?::(\\d+))?(?::(\\d+))?");

    private SlurmTime() {}

    public static Optional<Instant> instant(String text) {
        if (text == null || !text.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d")) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A limit such as MaxTime: empty when unlimited or not set. */
    public static Optional<Duration> duration(String text) {
        Matcher m = text == null ? null : DURATION.matcher(text);
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        long days = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
        long[] parts = {Long.parseLong(m.group(2)), m.group(3) == null ? -1 : Long.parseLong(m.group(3)), m.group(4) == null ? -1 : Long.parseLong(m.group(4))};
        Duration duration;
        if (parts[2] >= 0) {
            duration = Duration.ofHours(parts[0]).plusMinutes(parts[1]).plusSeconds(parts[2]);
        } else if (parts[1] >= 0) {
            // "a:b" is minutes:seconds, but "days-a:b" is hours:minutes.
            duration = m.group(1) == null ? Duration.ofMinutes(parts[0]).plusSeconds(parts[1]) : Duration.ofHours(parts[0]).plusMinutes(parts[1]);
        } else {
            duration = m.group(1) == null ? Duration.ofMinutes(parts[0]) : Duration.ofHours(parts[0]);
        }
        return Optional.of(duration.plusDays(days));
    }

    /** A time limit as {@code sbatch --time} takes it, {@code days-hours:minutes:seconds}. Slurm rounds it up to whole minutes. */
    public static String limit(Duration duration) {
        long seconds = duration.toSeconds() + (duration.getNano() > 0 ? 1 : 0);
        return "%d-%02d:%02d:%02d".formatted(seconds / 86_400, seconds / 3600 % 24, seconds / 60 % 60, seconds % 60);
    }
}
