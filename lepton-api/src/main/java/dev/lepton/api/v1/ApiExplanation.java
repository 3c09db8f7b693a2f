package dev.lepton.api.v1;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Why a job is where it is. For a waiting job, what the scheduler decided ({@code cause}, one of
 * {@code resources}, {@code reservation}, {@code quota}, {@code preempting}, {@code room-stopping},
 * {@code retry-backoff}, {@code infeasible}, {@code dependencies}, {@code array-parallelism}) at
 * {@code decidedAt}, with every node's verdict then; for a job it has not decided about yet, what
 * placement says now ({@code cause} and {@code decidedAt} absent). Then the array it belongs to and
 * where its dependencies stand.
 */
public record ApiExplanation(String job, String phase, String outcome, String summary, String cause, Instant decidedAt,
                             List<NodeVerdict> nodes, ApiArrayStatus array, List<ApiDependencyStatus> dependencies) {
    public ApiExplanation(String job, String phase, String outcome, String summary, String cause, Instant decidedAt, List<NodeVerdict> nodes) {
        this(job, phase, outcome, summary, cause, decidedAt, nodes, null, null);
    }

    public ApiExplanation withWorkflow(ApiArrayStatus arrayStatus, List<ApiDependencyStatus> states) {
        return new ApiExplanation(job, phase, outcome, summary, cause, decidedAt, nodes, arrayStatus, states);
    }

    /** One node: rejected with a reason, or feasible with a score and each weighted scorer's part of it. */
    public record NodeVerdict(String node, boolean feasible, String reason, Double score, Map<String, Double> parts) {}
}
