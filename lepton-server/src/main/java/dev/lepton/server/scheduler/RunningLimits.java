package dev.lepton.server.scheduler;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.job.Job;
import dev.lepton.core.job.WaitCause;
import dev.lepton.server.limits.TenantLimits;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Slurm's {@code MaxJobsPerUser} and its per-account twin: a user's, or a project's, jobs beyond
 * those it may run at once wait in their queue ({@link WaitCause#JOB_LIMIT}) while other tenants'
 * jobs go ahead. Each turn offers placement, in queue order, only as many of a tenant's queued jobs
 * as its running jobs leave room for, so that no plan starts more. Owned by the loop's thread; it
 * reads every queued job each turn, and only when a running limit is set.
 */
final class RunningLimits {
    private final TenantLimits limits;

    RunningLimits(TenantLimits limits) {
        this.limits = requireNonNull(limits, "limits is null");
    }

    /**
     * Stages the waiting reasons of the jobs held back this turn, and of those no longer held, and
     * returns the held ones. {@code offered}: the job would be offered to placement but for these limits.
     */
    Set<String> holdBack(LoopState state, Batch changes, Predicate<Job> offered) {
        if (!limits.limitsRunning()) {
            return Set.of();
        }
        Map<String, Integer> users = new HashMap<>();
        Map<String, Integer> projects = new HashMap<>();
        for (Job job : state.holding()) {
            users.merge(job.owner(), 1, Integer::sum);
            projects.merge(job.project(), 1, Integer::sum);
        }
        Map<Job, String> held = new LinkedHashMap<>();
        List<Job> released = new ArrayList<>();
        for (Job job : state.queued()) {
            if (!offered.test(job)) {
                continue;
            }
            String full = full("user", job.owner(), users, limits.runningPerUser(), "--max-running-jobs-per-user");
            if (full == null) {
                full = full("project", job.project(), projects, limits.runningPerProject(), "--max-running-jobs-per-project");
            }
            if (full != null) {
                held.put(job, full);
                continue;
            }
            // Offered: it may start in this turn's plan, and so takes one of its tenant's places.
            users.merge(job.owner(), 1, Integer::sum);
            projects.merge(job.project(), 1, Integer::sum);
            if (job.status().waitCause().filter(c -> c == WaitCause.JOB_LIMIT).isPresent()) {
                released.add(job);
            }
        }
        // Noted after the walk: a noted job is placed again in the queue being walked.
        held.forEach((job, why) -> state.note(changes, job, WaitCause.JOB_LIMIT, why));
        released.forEach(job -> state.note(changes, job, WaitCause.QUEUED, "waiting in queue " + job.spec().queue()));
        Set<String> uids = new HashSet<>();
        held.keySet().forEach(job -> uids.add(job.uid()));
        return uids;
    }

    private static String full(String kind, String key, Map<String, Integer> counts, int limit, String flag) {
        int now = counts.getOrDefault(key, 0);
        return limit > 0 && now >= limit ? kind + " '" + key + "' runs as many jobs at once as it may (" + flag + " " + limit + ")" : null;
    }
}
