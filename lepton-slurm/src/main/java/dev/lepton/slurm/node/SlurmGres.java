package dev.lepton.slurm.node;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.resource.Accelerators;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One generic resource of a node, as {@code Gres=} lists them: {@code gpu:4}, {@code gpu:a100:4},
 * {@code gpu:a100:4(S:0-1)} (the sockets it sits on), {@code mps:200}, {@code gpu:a100:no_consume:1};
 * a count may carry a suffix ({@code 1K}).
 */
public record SlurmGres(String name, Optional<String> type, long count) {
    public static final String GPU = "gpu";
    /** The accelerator resource a GRES {@code gpu} is to Lepton: NVIDIA's, as on most Slurm clusters. */
    public static final String GPU_RESOURCE = Accelerators.NVIDIA_GPU;
    private static final Pattern COUNT = Pattern.compile("(\\d+)([KMGT]?)");

    public SlurmGres {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        if (count < 0) {
            throw new IllegalArgumentException("gres " + name + ": count must not be negative, got " + count);
        }
    }

    public boolean isGpu() {
        return name.equals(GPU);
    }

    /** Parses a {@code Gres=} value: entries separated by commas outside parentheses; {@code (null)} or empty is none. */
    public static List<SlurmGres> parseList(String text) {
        List<SlurmGres> gres = new ArrayList<>();
        if (text == null || text.isBlank() || text.equals("(null)")) {
            return gres;
        }
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ',';
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                if (i > start) {
                    gres.add(parse(text.substring(start, i)));
                }
                start = i + 1;
            }
        }
        return gres;
    }

    /** Parses one entry: {@code name[:type][:flags…]:count[(sockets)]}; without a count, one. */
    public static SlurmGres parse(String entry) {
        String bare = entry.strip().replaceFirst("\\(.*\\)$", "");
        String[] parts = bare.split(":");
        if (parts[0].isEmpty()) {
            throw new IllegalArgumentException("gres entry without a name: " + entry);
        }
        Matcher count = COUNT.matcher(parts[parts.length - 1]);
        boolean counted = parts.length > 1 && count.matches();
        long amount = counted ? Long.parseLong(count.group(1)) * multiplier(count.group(2)) : 1;
        int typeEnd = counted ? parts.length - 1 : parts.length;
        Optional<String> type = typeEnd > 1 && !parts[1].equals("no_consume") ? Optional.of(parts[1]) : Optional.empty();
        return new SlurmGres(parts[0], type, amount);
    }

    private static long multiplier(String suffix) {
        return switch (suffix) {
            case "K" -> 1024L;
            case "M" -> 1024L * 1024;
            case "G" -> 1024L * 1024 * 1024;
            case "T" -> 1024L * 1024 * 1024 * 1024;
            default -> 1;
        };
    }
}
