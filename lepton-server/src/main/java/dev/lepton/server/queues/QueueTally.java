package dev.lepton.server.queues;

import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobPhase;
import dev.lepton.core.job.JobTransitions;
import dev.lepton.core.quota.Quota;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a queue has now, as {@code lepton queue list} and {@code /metrics} both show it: jobs waiting
 * (Queued), jobs placed (Scheduled or Running), and what the jobs whose workers hold resources use.
 */
public record QueueTally(int queued, int running, Quota usage) {
    public static final QueueTally EMPTY = new QueueTally(0, 0, Quota.NONE);

    /** The phases a tally counts; a caller may read just these jobs from the store. */
    public static final Set<JobPhase> PHASES = EnumSet.of(JobPhase.QUEUED, JobPhase.SCHEDULED, JobPhase.RUNNING);

    /** Each queue's tally from the live jobs, in one pass whatever the number of queues. */
    public static Map<String, QueueTally> of(Iterable<Job> live) {
        Map<String, QueueTally> tallies = new HashMap<>();
        for (Job job : live) {
            if (!PHASES.contains(job.phase())) {
                continue;
            }
            QueueTally t = tallies.getOrDefault(job.spec().queue(), EMPTY);
            boolean queued = job.phase() == JobPhase.QUEUED;
            Quota holds = JobTransitions.running(job).isEmpty() ? Quota.NONE : Quota.of(job.spec().totalResources());
            tallies.put(job.spec().queue(), new QueueTally(t.queued() + (queued ? 1 : 0), t.running() + (queued ? 0 : 1), t.usage().plus(holds)));
        }
        return tallies;
    }
}
