package dev.lepton.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * Which audit entries {@link AuditLog#list(AuditQuery)} returns, oldest first: those by
 * {@code actor}, about {@code project}, of {@code action}, written at or after {@code since} and
 * before {@code until} (each empty: any), with a seq after {@code afterSeq} (the cursor of the
 * previous page), at most {@code limit}. An entry is about a project when its target is
 * {@code project/P} (a refusal in P) or {@code KIND/P/NAME} (a job, a code snapshot).
 */
public record AuditQuery(Optional<String> actor, Optional<String> project, Optional<String> action, Optional<Instant> since,
                         Optional<Instant> until, long afterSeq, int limit) {
    public AuditQuery {
        requireNonNull(actor, "actor is null");
        requireNonNull(project, "project is null");
        requireNonNull(action, "action is null");
        requireNonNull(since, "since is null");
        requireNonNull(until, "until is null");
        if (afterSeq < 0) {
            throw new IllegalArgumentException("afterSeq must be >= 0, got " + afterSeq);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, got " + limit);
        }
    }

    /** The first page of every entry. */
    public static AuditQuery all(int limit) {
        return new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 0, limit);
    }

    public AuditQuery by(String name) {
        return new AuditQuery(Optional.of(name), project, action, since, until, afterSeq, limit);
    }

    public AuditQuery about(String name) {
        return new AuditQuery(actor, Optional.of(name), action, since, until, afterSeq, limit);
    }

    public AuditQuery of(String name) {
        return new AuditQuery(actor, project, Optional.of(name), since, until, afterSeq, limit);
    }

    public AuditQuery since(Instant at) {
        return new AuditQuery(actor, project, action, Optional.of(at), until, afterSeq, limit);
    }

    public AuditQuery until(Instant at) {
        return new AuditQuery(actor, project, action, since, Optional.of(at), afterSeq, limit);
    }

    /** The page after the one whose last entry had {@code seq}. */
    public AuditQuery after(long seq) {
        return new AuditQuery(actor, project, action, since, until, seq, limit);
    }
}
