package dev.lepton.server.limits;

/**
 * What one tenant may demand of the platform; {@link #DEFAULTS} holds every default, and 0 means no
 * limit. Cluster admins are held to neither the request rate nor the submission limits (the threat
 * model trusts them); the running limits hold for every job, as scheduling rules do.
 *
 * @param requestsPerSecond requests per second one token may make, with bursts of
 *     {@value RateLimiter#BURST_SECONDS} seconds' worth ({@code --rate-limit}, default 50)
 * @param submittedPerUser jobs one user may have queued or running; a submission past it is refused
 *     ({@code --max-submitted-jobs-per-user}, Slurm's {@code MaxSubmitJobsPerUser}; default 10,000)
 * @param submittedPerProject the same for all users of one project together ({@code --max-submitted-jobs-per-project})
 * @param runningPerUser jobs of one user that may run at once; the rest wait in their queue
 *     ({@code --max-running-jobs-per-user}, Slurm's {@code MaxJobsPerUser})
 * @param runningPerProject the same for one project's jobs together ({@code --max-running-jobs-per-project})
 */
public record TenantLimits(double requestsPerSecond, int submittedPerUser, int submittedPerProject, int runningPerUser,
                           int runningPerProject) {
    public static final TenantLimits DEFAULTS = new TenantLimits(50, 10_000, 0, 0, 0);
    /** No limit at all, for tests that measure something else. */
    public static final TenantLimits NONE = new TenantLimits(0, 0, 0, 0, 0);

    public TenantLimits {
        if (!(requestsPerSecond >= 0) || !Double.isFinite(requestsPerSecond)) {
            throw new IllegalArgumentException("--rate-limit: must be requests per second, 0 or more (0: no limit), got " + requestsPerSecond);
        }
        count("--max-submitted-jobs-per-user", submittedPerUser);
        count("--max-submitted-jobs-per-project", submittedPerProject);
        count("--max-running-jobs-per-user", runningPerUser);
        count("--max-running-jobs-per-project", runningPerProject);
    }

    private static void count(String flag, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(flag + ": must be a number of jobs, 0 or more (0: no limit), got " + value);
        }
    }

    public boolean limitsSubmissions() {
        return submittedPerUser > 0 || submittedPerProject > 0;
    }

    public boolean limitsRunning() {
        return runningPerUser > 0 || runningPerProject > 0;
    }

    public TenantLimits withRequestsPerSecond(double value) {
        return new TenantLimits(value, submittedPerUser, submittedPerProject, runningPerUser, runningPerProject);
    }

    public TenantLimits withSubmitted(int perUser, int perProject) {
        return new TenantLimits(requestsPerSecond, perUser, perProject, runningPerUser, runningPerProject);
    }

    public TenantLimits withRunning(int perUser, int perProject) {
        return new TenantLimits(requestsPerSecond, submittedPerUser, submittedPerProject, perUser, perProject);
    }
}
