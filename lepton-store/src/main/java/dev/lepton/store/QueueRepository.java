package dev.lepton.store;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.queue.Queue;
import dev.lepton.core.quota.CohortSpec;
import dev.lepton.core.quota.QueueSpec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** Named queues with their quotas (as JSON), and the cohorts they lend within. */
public final class QueueRepository {
    private static final String SELECT_QUEUE = "SELECT name, description, spec, created_at FROM queues";

    private final Handle handle;
    private final JsonCodec json;

    QueueRepository(Handle handle, JsonCodec json) {
        this.handle = handle;
        this.json = json;
    }

    /** Stores a new queue and returns it as stored (createdAt to the millisecond). */
    public Queue insert(Queue queue) {
        requireNonNull(queue, "queue is null");
        Instant createdAt = Instant.ofEpochMilli(queue.createdAt().toEpochMilli());
        int inserted = handle.createUpdate("""
                        INSERT INTO queues (name, description, spec, created_at) VALUES (:name, :description, :spec, :createdAt)
                        ON CONFLICT (name) DO NOTHING""")
                .bind("name", queue.name())
                .bind("description", queue.description())
                .bind("spec", json.write(queue.spec()))
                .bind("createdAt", createdAt.toEpochMilli())
                .execute();
        if (inserted == 0) {
            throw new LeptonException(ErrorCode.ALREADY_EXISTS, "queue '" + queue.name() + "' already exists");
        }
        return new Queue(queue.spec(), queue.description(), createdAt);
    }

    /** Replaces a queue's quota and description; NOT_FOUND when there is no such queue. */
    public Queue update(Queue queue) {
        requireNonNull(queue, "queue is null");
        int updated = handle.createUpdate("UPDATE queues SET description = :description, spec = :spec WHERE name = :name")
                .bind("name", queue.name())
                .bind("description", queue.description())
                .bind("spec", json.write(queue.spec()))
                .execute();
        if (updated == 0) {
            throw LeptonException.notFound("queue", queue.name());
        }
        return find(queue.name()).orElseThrow();
    }

    public Optional<Queue> find(String name) {
        return handle.createQuery(SELECT_QUEUE + " WHERE name = :name")
                .bind("name", name)
                .map(this::queue)
                .findOne();
    }

    /** Whether a queue of this name exists; cheaper than {@link #find}, which reads its spec. */
    public boolean exists(String name) {
        return handle.createQuery("SELECT 1 FROM queues WHERE name = :name").bind("name", name).mapTo(Integer.class).findOne().isPresent();
    }

    /** All queues, by name. */
    public List<Queue> list() {
        return handle.createQuery(SELECT_QUEUE + " ORDER BY name")
                .map(this::queue)
                .list();
    }

    /** Removes a queue; false when there was none. Jobs keep its name in their history. */
    public boolean delete(String name) {
        return handle.createUpdate("DELETE FROM queues WHERE name = :name").bind("name", name).execute() > 0;
    }

    /** Removes a declared cohort; false when there was none. */
    public boolean deleteCohort(String name) {
        return handle.createUpdate("DELETE FROM cohorts WHERE name = :name").bind("name", name).execute() > 0;
    }

    /** Creates or replaces a cohort. */
    public CohortSpec putCohort(CohortSpec cohort, Instant at) {
        requireNonNull(cohort, "cohort is null");
        handle.createUpdate("""
                        INSERT INTO cohorts (name, parent, created_at) VALUES (:name, :parent, :at)
                        ON CONFLICT (name) DO UPDATE SET parent = :parent""")
                .bind("name", cohort.name())
                .bind("parent", cohort.parent().orElse(null))
                .bind("at", at.toEpochMilli())
                .execute();
        return cohort;
    }

    /** All declared cohorts, by name. */
    public List<CohortSpec> cohorts() {
        return handle.createQuery("SELECT name, parent FROM cohorts ORDER BY name")
                .map((row, context) -> new CohortSpec(row.getString("name"), Optional.ofNullable(row.getString("parent"))))
                .list();
    }

    private Queue queue(ResultSet row, StatementContext context) throws SQLException {
        String name = row.getString("name");
        String spec = row.getString("spec");
        QueueSpec quota = spec == null || spec.isEmpty() ? QueueSpec.unlimited(name) : json.read(spec, QueueSpec.class);
        return new Queue(quota, row.getString("description"), Instant.ofEpochMilli(row.getLong("created_at")));
    }
}
