package dev.lepton.cli.deploy;

import dev.lepton.api.v1.ApiReplicas;
import dev.lepton.api.v1.ApiScale;
import dev.lepton.cli.CliFailure;
import dev.lepton.cli.ExitCode;
import picocli.CommandLine.Option;

/** {@code --replicas N}, or {@code --min N} and {@code --max N}: the bounds on a deployment's replica count. */
public final class ReplicaFlags {
    @Option(names = "--replicas", paramLabel = "N", description = "Exactly N replicas (--min N --max N).")
    Integer replicas;

    @Option(names = "--min", paramLabel = "N", description = "At least N replicas; 0 lets an idle deployment scale to zero.")
    Integer min;

    @Option(names = "--max", paramLabel = "N", description = "At most N replicas.")
    Integer max;

    /** The bounds for a new deployment: none given, 1..1; one bound alone, the other follows it ({@code --min 0}: 0..1, {@code --max 4}: 1..4). */
    ApiReplicas bounds() {
        if (replicas != null) {
            return exactly();
        }
        int low = min != null ? min : max != null ? Math.min(1, max) : 1;
        return checked(low, max != null ? max : Math.max(1, low));
    }

    /** New bounds for a deployment that has some: both must be said. */
    ApiScale scale() {
        if (replicas != null) {
            ApiReplicas bounds = exactly();
            return new ApiScale(bounds.min(), bounds.max());
        }
        if (min == null || max == null) {
            throw usage("give --replicas N, or both --min N and --max N" + (min == null && max == null ? ""
                    : " (got only " + (min == null ? "--max " + max : "--min " + min) + ")"));
        }
        ApiReplicas bounds = checked(min, max);
        return new ApiScale(bounds.min(), bounds.max());
    }

    private ApiReplicas exactly() {
        if (min != null || max != null) {
            throw usage("--replicas: sets both bounds, so give it alone or use --min and --max (got --replicas " + replicas
                    + (min != null ? " --min " + min : "") + (max != null ? " --max " + max : "") + ")");
        }
        if (replicas < 1) {
            throw usage("--replicas: must be at least 1 (got " + replicas + "); --min 0 lets an idle deployment scale to zero");
        }
        return new ApiReplicas(replicas, replicas);
    }

    private static ApiReplicas checked(int low, int high) {
        if (low < 0) {
            throw usage("--min: must be 0 or more (got " + low + ")");
        }
        if (high < 1) {
            throw usage("--max: must be at least 1 (got " + high + ")");
        }
        if (high < low) {
            throw usage("--max: must be at least --min " + low + " (got " + high + ")");
        }
        return new ApiReplicas(low, high);
    }

    private static CliFailure usage(String message) {
        return new CliFailure(ExitCode.USAGE, message);
    }
}
