package dev.lepton.store;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.queue.Queue;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** Named queues. */
public final class QueueRepository {
    private final Handle handle;

    QueueRepository(Handle handle) {
        this.handle = handle;
    }

    /** Stores a new queue and returns it as stored (createdAt to the millisecond). */
    public Queue insert(Queue queue) {
        requireNonNull(queue, "queue is null");
        Instant createdAt = Instant.ofEpochMilli(queue.createdAt().toEpochMilli());
        int inserted = handle.createUpdate("""
                        INSERT INTO queues (name, description, created_at) VALUES (:name, :description, :createdAt)
                        ON CONFLICT (name) DO NOTHING""")
                .bind("name", queue.name())
                .bind("description", queue.description())
                .bind("createdAt", createdAt.toEpochMilli())
                .execute();
        if (inserted == 0) {
            throw new LeptonException(ErrorCode.ALREADY_EXISTS, "queue '" + queue.name() + "' already exists");
        }
        return new Queue(queue.name(), queue.description(), createdAt);
    }

    public Optional<Queue> find(String name) {
        return handle.createQuery("SELECT name, description, created_at FROM queues WHERE name = :name")
                .bind("name", name)
                .map(QueueRepository::queue)
                .findOne();
    }

    /** All queues, by name. */
    public List<Queue> list() {
        return handle.createQuery("SELECT name, description, created_at FROM queues ORDER BY name")
                .map(QueueRepository::queue)
                .list();
    }

    private static Queue queue(ResultSet row, StatementContext context) throws SQLException {
        return new Queue(row.getString("name"), row.getString("description"), Instant.ofEpochMilli(row.getLong("created_at")));
    }
}
