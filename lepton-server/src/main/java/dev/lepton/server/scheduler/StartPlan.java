package dev.lepton.server.scheduler;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.carbon.DeferralDecision;
import dev.lepton.core.node.Node;
import java.time.Duration;

/**
 * When and where a job would start were it submitted now, for a dry run: the deferral decision (a job
 * without slack starts now), the best-scored node in the chosen region, and how long the job is
 * expected to run, with the field that says so ({@code basis}).
 */
public record StartPlan(DeferralDecision decision, Node node, Duration duration, String basis) {
    public StartPlan {
        requireNonNull(decision, "decision is null");
        requireNonNull(node, "node is null");
        requireNonNull(duration, "duration is null");
        requireNonNull(basis, "basis is null");
    }
}
