package dev.lepton.core.event;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One audited request: who, what, on which object, whether it was allowed. Never holds a token
 * or a secret, only names.
 */
public record AuditEntry(long seq, Instant at, String actor, String action, String target, boolean allowed, String detail) {
    public AuditEntry {
        requireNonNull(at, "at is null");
        requireNonNull(actor, "actor is null");
        requireNonNull(action, "action is null");
        requireNonNull(target, "target is null");
        requireNonNull(detail, "detail is null");
    }
}
