package dev.lepton.server.usage;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.Usage;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobTransitions;
import dev.lepton.core.job.WorkerStatus;
import java.util.Map;

/**
 * The latest usage sample of every running worker, replaced whole at each sample. A job as stored
 * holds its workers' usage as of their last state change; readers see it with these figures laid
 * over it, so that samples cost no write and no new version of the job.
 */
public final class LiveUsage {
    private volatile Map<AttemptId, Usage> latest = Map.of();

    public void replace(Map<AttemptId, Usage> sample) {
        latest = Map.copyOf(sample);
    }

    public Map<AttemptId, Usage> latest() {
        return latest;
    }

    /** The job with each running worker's latest sample, never below what was stored for it. */
    public Job overlay(Job job) {
        Map<AttemptId, Usage> now = latest;
        Job current = job;
        for (WorkerStatus worker : job.status().workers()) {
            AttemptId attempt = new AttemptId(job.uid(), job.status().epoch(), worker.rank());
            Usage usage = worker.state().isFinished() ? null : now.get(attempt);
            if (usage != null) {
                current = JobTransitions.usage(current, attempt, usage);
            }
        }
        return current;
    }
}
