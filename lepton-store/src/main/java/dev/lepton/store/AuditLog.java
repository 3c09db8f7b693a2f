package dev.lepton.store;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.event.AuditEntry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Who asked for what and whether it was allowed. Record a mutation's entry in the same write as
 * the mutation; a denied request is written on its own.
 */
public final class AuditLog {
    private final Handle handle;

    AuditLog(Handle handle) {
        this.handle = handle;
    }

    public AuditEntry record(Instant at, String actor, String action, String target, boolean allowed, String detail) {
        AuditEntry unsaved = new AuditEntry(0, Instant.ofEpochMilli(requireNonNull(at, "at is null").toEpochMilli()), actor, action, target, allowed, detail);
        long seq = handle.createQuery("""
                        INSERT INTO audit_log (at, actor, action, target, allowed, detail)
                        VALUES (:at, :actor, :action, :target, :allowed, :detail)
                        RETURNING seq""")
                .bind("at", unsaved.at().toEpochMilli())
                .bind("actor", actor)
                .bind("action", action)
                .bind("target", target)
                .bind("allowed", allowed)
                .bind("detail", detail)
                .mapTo(Long.class)
                .one();
        return new AuditEntry(seq, unsaved.at(), actor, action, target, allowed, detail);
    }

    /** Entries after {@code afterSeq}, oldest first. */
    public List<AuditEntry> list(long afterSeq, int limit) {
        return handle.createQuery("""
                        SELECT seq, at, actor, action, target, allowed, detail FROM audit_log
                        WHERE seq > :afterSeq ORDER BY seq LIMIT :limit""")
                .bind("afterSeq", afterSeq)
                .bind("limit", EventLog.positive(limit))
                .map(AuditLog::entry)
                .list();
    }

    public long count() {
        return handle.createQuery("SELECT COUNT(*) FROM audit_log").mapTo(Long.class).one();
    }

    private static AuditEntry entry(ResultSet row, StatementContext context) throws SQLException {
        return new AuditEntry(
                row.getLong("seq"),
                Instant.ofEpochMilli(row.getLong("at")),
                row.getString("actor"),
                row.getString("action"),
                row.getString("target"),
                row.getBoolean("allowed"),
                row.getString("detail"));
    }
}
