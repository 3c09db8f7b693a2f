package dev.lepton.server.limits;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.job.Job;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The jobs each user and each project has that have not ended, against the submission limits: those
 * the scheduler loop holds (it reports every job that joins or leaves its live jobs) and those
 * admitted but not yet heard of by the loop (their transaction commits, or their submission is on
 * its way). A submission is checked and counted under one lock, so concurrent submissions cannot
 * overshoot, and nothing is read from the store for it.
 *
 * <p>Every admitted job is later either withdrawn (it was not stored) or {@linkplain #arrived arrives}
 * at the loop, exactly once; a job becomes live when the loop places it, whichever comes first.
 */
public final class JobCounts {
    private final TenantLimits limits;
    private final Map<String, Count> users = new HashMap<>();
    private final Map<String, Count> projects = new HashMap<>();

    private static final class Count {
        int live;
        int arriving;

        int total() {
            return live + arriving;
        }
    }

    public JobCounts(TenantLimits limits) {
        this.limits = requireNonNull(limits, "limits is null");
    }

    /**
     * Counts {@code jobs} new jobs of the user in the project, refusing them if that would pass a
     * submission limit; {@code enforce} false counts them without a check (a cluster admin's).
     */
    public synchronized void admit(String user, String project, int jobs, boolean enforce) {
        if (!limits.limitsSubmissions()) {
            return;
        }
        if (enforce) {
            check("user", user, users, limits.submittedPerUser(), "--max-submitted-jobs-per-user", jobs);
            check("project", project, projects, limits.submittedPerProject(), "--max-submitted-jobs-per-project", jobs);
        }
        add(users, user, 0, jobs);
        add(projects, project, 0, jobs);
    }

    /**
     * Admits {@code jobs} new jobs of the user in the project, as {@link #admit}, then runs their
     * submission; they are withdrawn again if it fails or does not store them ({@code stored} false:
     * a dry run, a repeated request).
     */
    public <T> T submit(String user, String project, int jobs, boolean enforce, Supplier<T> submission, Predicate<T> stored) {
        admit(user, project, jobs, enforce);
        boolean arriving = false;
        try {
            T result = submission.get();
            arriving = stored.test(result);
            return result;
        } finally {
            if (!arriving) {
                withdraw(user, project, jobs);
            }
        }
    }

    /** Admitted jobs that will not reach the loop: their submission failed, or repeated an earlier one, or was a dry run. */
    public synchronized void withdraw(String user, String project, int jobs) {
        if (limits.limitsSubmissions()) {
            add(users, user, 0, -jobs);
            add(projects, project, 0, -jobs);
        }
    }

    /** The loop heard of an admitted job's submission (or dropped it, having read the job from the store). */
    public synchronized void arrived(Job job) {
        withdraw(job.owner(), job.project(), 1);
    }

    /** A job joined the loop's live jobs (+1) or left them, having ended (-1). */
    public synchronized void live(Job job, int delta) {
        if (limits.limitsSubmissions()) {
            add(users, job.owner(), delta, 0);
            add(projects, job.project(), delta, 0);
        }
    }

    /** The loop forgot its live jobs, to read them again from the store; jobs still arriving stay counted. */
    public synchronized void clearLive() {
        users.values().forEach(c -> c.live = 0);
        projects.values().forEach(c -> c.live = 0);
        users.values().removeIf(c -> c.arriving == 0);
        projects.values().removeIf(c -> c.arriving == 0);
    }

    /** Jobs of the user, or the project, not ended as far as admission knows: for tests and diagnostics. */
    public synchronized int ofUser(String user) {
        Count c = users.get(user);
        return c == null ? 0 : c.total();
    }

    public synchronized int ofProject(String project) {
        Count c = projects.get(project);
        return c == null ? 0 : c.total();
    }

    private static void check(String kind, String key, Map<String, Count> counts, int limit, String flag, int jobs) {
        Count count = counts.get(key);
        int now = count == null ? 0 : count.total();
        if (limit > 0 && now + jobs > limit) {
            throw new LeptonException(ErrorCode.LIMIT_EXCEEDED, kind + " '" + key + "' has " + now + " job(s) queued or running"
                    + (jobs > 1 ? " and submits " + jobs + " more" : "") + "; this server takes at most " + limit + " (" + flag
                    + "): wait for some to end, or cancel some (lepton job list --phase Queued)");
        }
    }

    private static void add(Map<String, Count> counts, String key, int live, int arriving) {
        Count count = counts.computeIfAbsent(key, k -> new Count());
        count.live += live;
        count.arriving += arriving;
        if (count.live == 0 && count.arriving == 0) {
            counts.remove(key);
        }
    }
}
