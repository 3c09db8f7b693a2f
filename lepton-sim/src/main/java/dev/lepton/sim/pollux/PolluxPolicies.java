package dev.lepton.sim.pollux;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.policy.Policies;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The policies the Pollux round model runs, by name; each run gets a fresh instance. Lepton's own
 * policies run through the core allocator, as the server runs them ({@link CorePolicy}); the
 * artifact's baselines are reproduced as its code has them, so that the model can be checked against
 * its published figures job by job.
 */
public final class PolluxPolicies {
    /** The artifact's Tiresias (its {@code tiresias.py}), beside which Lepton's own {@code las} can be judged. */
    static final String TIRESIAS_ARTIFACT = "tiresias-artifact";
    /** The artifact's Optimus; Lepton has no counterpart (it does not resize jobs). */
    static final String OPTIMUS = "optimus";
    /** Accepted names: Lepton's policies that need no true durations (which the round model cannot know), then the artifact's. */
    public static final List<String> NAMES = Stream.concat(
            Policies.NAMES.stream().filter(name -> !Policies.NEED_TRUE_DURATIONS.contains(name)),
            Stream.of(TIRESIAS_ARTIFACT, OPTIMUS)).toList();

    private PolluxPolicies() {}

    static RoundPolicy named(String name) {
        requireNonNull(name, "policy is null");
        String key = name.toLowerCase(Locale.ROOT);
        if (!NAMES.contains(key)) {
            throw new IllegalArgumentException("--policy: '" + name + "' is not available in the Pollux setting; choose one of " + NAMES);
        }
        return switch (key) {
            case TIRESIAS_ARTIFACT -> new TiresiasPolicy();
            case OPTIMUS -> new OptimusPolicy();
            default -> new CorePolicy(Policies.named(key));
        };
    }
}
