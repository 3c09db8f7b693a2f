package dev.lepton.serving.batching;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which waiting requests run next, as a function of the queue, the time and the policy (no clock, no
 * thread). Requests are grouped by {@link BatchKey} in order of their oldest member; a group takes
 * its requests oldest first while their rows fit {@code maxBatchSize} (its oldest always, even if it
 * alone has more). A group runs when it is full, when its oldest has waited {@code maxQueueDelay},
 * when no other request is being read ({@code arriving} is 0: only a request not yet sent could join
 * it, so a lone client never pays the delay), or at once when the queue is flushing (the server
 * stops). A request without a key runs at once: nothing can join it, so waiting gains nothing.
 */
public final class BatchPlanner {
    private BatchPlanner() {}

    /**
     * @param arriving requests for this model being read now, not yet queued
     * @param flushing the server is stopping: nothing waits
     */
    public static BatchDecision next(BatchPolicy policy, List<QueuedRequest> queue, Instant now, int arriving, boolean flushing) {
        Instant earliestDeadline = null;
        Set<BatchKey> seen = new HashSet<>();
        for (int head = 0; head < queue.size(); head++) {
            QueuedRequest oldest = queue.get(head);
            Optional<BatchKey> key = oldest.key();
            if (key.isEmpty() || !policy.batching()) {
                return new BatchDecision.Run(List.of(head));
            }
            if (!seen.add(key.get())) {
                continue;
            }
            List<Integer> members = new ArrayList<>(List.of(head));
            long rows = oldest.rows();
            for (int next = head + 1; next < queue.size(); next++) {
                QueuedRequest candidate = queue.get(next);
                if (candidate.key().equals(key) && rows + candidate.rows() <= policy.maxBatchSize()) {
                    members.add(next);
                    rows += candidate.rows();
                }
            }
            Instant deadline = oldest.enqueuedAt().plus(policy.maxQueueDelay());
            if (flushing || arriving == 0 || rows >= policy.maxBatchSize() || !now.isBefore(deadline)) {
                return new BatchDecision.Run(members);
            }
            earliestDeadline = earliestDeadline == null || deadline.isBefore(earliestDeadline) ? deadline : earliestDeadline;
        }
        return earliestDeadline == null ? new BatchDecision.Idle() : new BatchDecision.WaitUntil(earliestDeadline);
    }
}
