package dev.lepton.api.v1;

import java.util.List;

/** Why a job is where it is: the placement verdict and what each node said. */
public record ApiExplanation(String job, String phase, String outcome, String summary, List<NodeVerdict> nodes) {
    /** One node: rejected with a reason, or feasible with a score. */
    public record NodeVerdict(String node, boolean feasible, String reason, Double score) {}
}
