package dev.lepton.store;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.event.Event;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * What happened to objects, in the order it was written. Append it in the same write as the state
 * change it describes, so that neither exists without the other.
 */
public final class EventLog {
    private static final String SELECT_EVENT = "SELECT seq, at, project, object, type, message FROM events";

    private final Handle handle;

    EventLog(Handle handle) {
        this.handle = handle;
    }

    public Event append(String project, String object, String type, String message, Instant at) {
        Event unsaved = new Event(0, Instant.ofEpochMilli(requireNonNull(at, "at is null").toEpochMilli()), project, object, type, message);
        long seq = handle.createQuery("""
                        INSERT INTO events (at, project, object, type, message) VALUES (:at, :project, :object, :type, :message)
                        RETURNING seq""")
                .bind("at", unsaved.at().toEpochMilli())
                .bind("project", unsaved.project())
                .bind("object", unsaved.object())
                .bind("type", unsaved.type())
                .bind("message", unsaved.message())
                .mapTo(Long.class)
                .one();
        return new Event(seq, unsaved.at(), project, object, type, message);
    }

    /** Events of one object ({@code job/NAME}) after {@code afterSeq}, oldest first. */
    public List<Event> list(String project, String object, long afterSeq, int limit) {
        return handle.createQuery(SELECT_EVENT + " WHERE project = :project AND object = :object AND seq > :afterSeq ORDER BY seq LIMIT :limit")
                .bind("project", project)
                .bind("object", object)
                .bind("afterSeq", afterSeq)
                .bind("limit", positive(limit))
                .map(EventLog::event)
                .list();
    }

    /** Events of every object in a project after {@code afterSeq}, oldest first. */
    public List<Event> list(String project, long afterSeq, int limit) {
        return handle.createQuery(SELECT_EVENT + " WHERE project = :project AND seq > :afterSeq ORDER BY seq LIMIT :limit")
                .bind("project", project)
                .bind("afterSeq", afterSeq)
                .bind("limit", positive(limit))
                .map(EventLog::event)
                .list();
    }

    /** Forgets every event of one object ({@code job/NAME}), as when the object is deleted; returns how many. */
    public int deleteObject(String project, String object) {
        return handle.createUpdate("DELETE FROM events WHERE project = :project AND object = :object")
                .bind("project", project)
                .bind("object", object)
                .execute();
    }

    static int positive(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, got " + limit);
        }
        return limit;
    }

    private static Event event(ResultSet row, StatementContext context) throws SQLException {
        return new Event(
                row.getLong("seq"),
                Instant.ofEpochMilli(row.getLong("at")),
                row.getString("project"),
                row.getString("object"),
                row.getString("type"),
                row.getString("message"));
    }
}
