package dev.lepton.core.energy;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an operator knows of a node's power, from {@code --node-power cpu=IDLE..MAX,gpu=IDLE..MAX}
 * (watts): {@code cpu} is all the node's CPU packages together, {@code gpu} is each GPU. Either may
 * be left out; what is left out comes from the table of known hardware.
 */
public record NodePowerProfile(Optional<PowerRange> cpu, Optional<PowerRange> gpu) {
    public static final String FLAG = "--node-power";
    private static final Pattern WATTS = Pattern.compile("[0-9]+(\\.[0-9]+)?");
    public static final NodePowerProfile NONE = new NodePowerProfile(Optional.empty(), Optional.empty());

    public NodePowerProfile {
        requireNonNull(cpu, "cpu is null");
        requireNonNull(gpu, "gpu is null");
    }

    /** Parses the flag's value; refuses anything else with a message naming the flag and the value. */
    public static NodePowerProfile parse(String text) {
        requireNonNull(text, "text is null");
        Optional<PowerRange> cpu = Optional.empty();
        Optional<PowerRange> gpu = Optional.empty();
        if (text.isBlank()) {
            throw invalid(text, "write cpu=IDLE..MAX,gpu=IDLE..MAX in watts, either part optional");
        }
        for (String part : text.split(",", -1)) {
            int eq = part.indexOf('=');
            String key = eq < 0 ? part.strip() : part.substring(0, eq).strip();
            if (eq < 0) {
                throw invalid(text, "'" + part.strip() + "' is not key=IDLE..MAX");
            }
            PowerRange range = range(text, key, part.substring(eq + 1).strip());
            switch (key) {
                case "cpu" -> cpu = once(text, key, cpu, range);
                case "gpu" -> gpu = once(text, key, gpu, range);
                default -> throw invalid(text, "unknown component '" + key + "', expected cpu or gpu");
            }
        }
        return new NodePowerProfile(cpu, gpu);
    }

    private static Optional<PowerRange> once(String text, String key, Optional<PowerRange> before, PowerRange range) {
        if (before.isPresent()) {
            throw invalid(text, key + " is given twice");
        }
        return Optional.of(range);
    }

    private static PowerRange range(String text, String key, String value) {
        int dots = value.indexOf("..");
        if (dots < 0) {
            throw invalid(text, key + " must be IDLE..MAX in watts, got '" + value + "'");
        }
        double idle = watts(text, key, value.substring(0, dots));
        double max = watts(text, key, value.substring(dots + 2));
        if (idle > max) {
            throw invalid(text, key + " idle " + idle + " W is above its max " + max + " W");
        }
        return new PowerRange(idle, max);
    }

    private static double watts(String text, String key, String number) {
        if (WATTS.matcher(number.strip()).matches()) {
            return Double.parseDouble(number.strip());
        }
        throw invalid(text, key + " watts must be a number >= 0, got '" + number.strip() + "'");
    }

    private static LeptonException invalid(String text, String why) {
        return new LeptonException(ErrorCode.INVALID_ARGUMENT, FLAG + ": " + why + " (got '" + text + "')");
    }

    @Override
    public String toString() {
        return cpu.map(r -> "cpu=" + r.idleWatts() + ".." + r.maxWatts()).orElse("")
                + (cpu.isPresent() && gpu.isPresent() ? "," : "")
                + gpu.map(r -> "gpu=" + r.idleWatts() + ".." + r.maxWatts()).orElse("");
    }
}
