package dev.lepton.core.job;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A job as stored: identity, who submitted it ({@code owner}, a user name), the user's spec, its
 * status, and an optimistic-concurrency version.
 * {@code seq} is the store's submission order, the tie-breaker of FIFO.
 */
public record Job(String project, String name, String uid, String owner, long seq, Instant createdAt, long resourceVersion, JobSpec spec, JobStatus status) {
    public Job {
        requireNonNull(project, "project is null");
        requireNonNull(name, "name is null");
        requireNonNull(uid, "uid is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(spec, "spec is null");
        requireNonNull(status, "status is null");
    }

    public JobPhase phase() {
        return status.phase();
    }

    public String qualifiedName() {
        return project + "/" + name;
    }

    public Job withStatus(JobStatus next) {
        return new Job(project, name, uid, owner, seq, createdAt, resourceVersion, spec, next);
    }
}
