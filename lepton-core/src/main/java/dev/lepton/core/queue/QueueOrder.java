package dev.lepton.core.queue;

import dev.lepton.core.job.Job;
import java.util.Comparator;

/**
 * The order in which queued jobs are considered: higher priority first, then first submitted first
 * (creation time, then submission number) — the order of the {@code priority} policy.
 */
public final class QueueOrder {
    public static final Comparator<Job> PRIORITY_THEN_FIFO =
            Comparator.comparingInt((Job j) -> j.spec().priority()).reversed().thenComparing(Job::createdAt).thenComparingLong(Job::seq);

    private QueueOrder() {}
}
