package dev.lepton.sim.pollux;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;

/** The policies the Pollux round model runs, by name; each run gets a fresh, stateful instance. */
public final class PolluxPolicies {
    /** Accepted names; {@code las} is an alias of {@code tiresias}. */
    public static final List<String> NAMES = List.of("tiresias", "las", "optimus", "default");

    private PolluxPolicies() {}

    static RoundPolicy named(String name) {
        requireNonNull(name, "policy is null");
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "tiresias", "las" -> new TiresiasPolicy();
            case "optimus" -> new OptimusPolicy();
            case "default" -> new LeptonDefaultPolicy();
            default -> throw new IllegalArgumentException("policy '" + name + "' is not available in the Pollux setting; choose one of " + NAMES);
        };
    }
}
