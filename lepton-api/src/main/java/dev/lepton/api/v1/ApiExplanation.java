package dev.lepton.api.v1;

import java.util.List;

/**
 * Why a job is where it is: the placement verdict and what each node said; the array it belongs to
 * and where its dependencies stand.
 */
public record ApiExplanation(String job, String phase, String outcome, String summary, List<NodeVerdict> nodes, ApiArrayStatus array,
                             List<ApiDependencyStatus> dependencies) {
    public ApiExplanation(String job, String phase, String outcome, String summary, List<NodeVerdict> nodes) {
        this(job, phase, outcome, summary, nodes, null, null);
    }

    public ApiExplanation withWorkflow(ApiArrayStatus arrayStatus, List<ApiDependencyStatus> states) {
        return new ApiExplanation(job, phase, outcome, summary, nodes, arrayStatus, states);
    }

    /** One node: rejected with a reason, or feasible with a score. */
    public record NodeVerdict(String node, boolean feasible, String reason, Double score) {}
}
