package dev.lepton.slurm;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One record of {@code scontrol show … -o}: {@code Key=Value} pairs separated by spaces. A value may
 * hold spaces ({@code OS=Linux 6.1.0 #1 SMP}, {@code Reason=Not responding [slurm@…]}) and '='
 * ({@code TRES=cpu=2,mem=4G}), so a new pair starts only where a space is followed by a key and '='.
 * Slurm writes an unset value as {@code (null)}; {@link #value} treats it, and an empty value, as absent.
 */
public record KeyValueLine(Map<String, String> pairs) {
    private static final Pattern KEY = Pattern.compile("(?:^|\\s)([A-Za-z][A-Za-z0-9_:/.]*)=");

    public KeyValueLine {
        pairs = Map.copyOf(pairs);
    }

    public static KeyValueLine parse(String line) {
        requireNonNull(line, "line is null");
        Map<String, String> pairs = new LinkedHashMap<>();
        Matcher key = KEY.matcher(line);
        String name = null;
        int valueStart = 0;
        while (key.find()) {
            if (name != null) {
                pairs.putIfAbsent(name, line.substring(valueStart, key.start()).strip());
            }
            name = key.group(1);
            valueStart = key.end();
        }
        if (name != null) {
            pairs.putIfAbsent(name, line.substring(valueStart).strip());
        }
        return new KeyValueLine(pairs);
    }

    public Optional<String> value(String key) {
        return Optional.ofNullable(pairs.get(key)).filter(v -> !v.isEmpty() && !v.equals("(null)"));
    }

    /** The value, which a record of this kind always has; its absence means Slurm changed its output. */
    public String required(String key) {
        return value(key).orElseThrow(() -> new IllegalArgumentException("no " + key + "= in: " + abbreviated()));
    }

    /** A whole number, or empty when absent or not a number ({@code N/A}, {@code UNLIMITED}). */
    public OptionalLong number(String key) {
        Optional<String> text = value(key);
        if (text.isEmpty() || !text.get().matches("\\d+")) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(text.get()));
    }

    private String abbreviated() {
        String text = pairs.toString();
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
