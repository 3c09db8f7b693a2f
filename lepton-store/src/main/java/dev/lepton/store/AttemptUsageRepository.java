package dev.lepton.store;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.Usage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The usage ledger: a row per worker per attempt, written when the worker starts, refreshed from
 * samples at a coarse interval, and closed when it ends. Figures only grow: a sample taken after a
 * restart (whose peak starts again from zero) never lowers what was recorded.
 */
public final class AttemptUsageRepository {
    private static final String KEY = " WHERE job_uid = :uid AND epoch = :epoch AND worker_rank = :rank";
    private static final String GROW = """
            cpu_seconds = CASE WHEN :cpu > cpu_seconds THEN :cpu ELSE cpu_seconds END,
            peak_memory_bytes = CASE WHEN :peak > peak_memory_bytes THEN :peak ELSE peak_memory_bytes END,
            updated_at = :at""";

    private final Handle handle;

    AttemptUsageRepository(Handle handle) {
        this.handle = handle;
    }

    /** The worker started; a repeated report of the same start changes nothing. */
    public void started(AttemptUsage row) {
        handle.createUpdate("""
                        INSERT INTO attempt_usage (job_uid, epoch, worker_rank, project, job_name, owner, queue, node, gpus, cpu_millis,
                            memory_bytes, started_at, ended_at, cpu_seconds, peak_memory_bytes, updated_at)
                        VALUES (:uid, :epoch, :rank, :project, :jobName, :owner, :queue, :node, :gpus, :cpuMillis,
                            :memoryBytes, :startedAt, NULL, :cpu, :peak, :startedAt)
                        ON CONFLICT (job_uid, epoch, worker_rank) DO NOTHING""")
                .bind("uid", row.attempt().jobUid())
                .bind("epoch", row.attempt().epoch())
                .bind("rank", row.attempt().rank())
                .bind("project", row.project())
                .bind("jobName", row.jobName())
                .bind("owner", row.owner())
                .bind("queue", row.queue())
                .bind("node", row.node())
                .bind("gpus", row.gpus())
                .bind("cpuMillis", row.cpuMillis())
                .bind("memoryBytes", row.memoryBytes())
                .bind("startedAt", row.startedAt().toEpochMilli())
                .bind("cpu", row.cpuSeconds())
                .bind("peak", row.peakMemoryBytes())
                .execute();
    }

    /** What a running worker has used so far. */
    public void sampled(AttemptId attempt, Usage usage, Instant at) {
        key(handle.createUpdate("UPDATE attempt_usage SET " + GROW + KEY), attempt).bind("cpu", usage.cpuSeconds())
                .bind("peak", usage.peakMemoryBytes()).bind("at", at.toEpochMilli()).execute();
    }

    /** The worker ended, having used {@code usage} in all. */
    public void ended(AttemptId attempt, Usage usage, Instant at) {
        key(handle.createUpdate("UPDATE attempt_usage SET ended_at = :at, " + GROW + KEY + " AND ended_at IS NULL"), attempt)
                .bind("cpu", usage.cpuSeconds()).bind("peak", usage.peakMemoryBytes()).bind("at", at.toEpochMilli()).execute();
    }

    public Optional<AttemptUsage> find(AttemptId attempt) {
        return key(handle.createQuery("SELECT * FROM attempt_usage" + KEY), attempt).map(this::row).findOne();
    }

    /** When the job's first worker started, over all its attempts; empty when the ledger has none of them. */
    public Optional<Instant> firstStart(String jobUid) {
        Long first = handle.createQuery("SELECT MIN(started_at) FROM attempt_usage WHERE job_uid = :uid").bind("uid", jobUid)
                .mapTo(Long.class).one();
        return Optional.ofNullable(first).map(Instant::ofEpochMilli);
    }

    /** Every row of a worker that ran at some time in [{@code from}, {@code to}), in start order. */
    public List<AttemptUsage> overlapping(Instant from, Instant to) {
        return handle.createQuery("SELECT * FROM attempt_usage WHERE started_at < :to AND (ended_at IS NULL OR ended_at > :from)"
                        + " ORDER BY started_at, job_uid, epoch, worker_rank")
                .bind("from", from.toEpochMilli())
                .bind("to", to.toEpochMilli())
                .map(this::row)
                .list();
    }

    private static <S extends org.jdbi.v3.core.statement.SqlStatement<S>> S key(S statement, AttemptId attempt) {
        return statement.bind("uid", attempt.jobUid()).bind("epoch", attempt.epoch()).bind("rank", attempt.rank());
    }

    private AttemptUsage row(ResultSet row, StatementContext context) throws SQLException {
        long ended = row.getLong("ended_at");
        Optional<Instant> endedAt = row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(ended));
        return new AttemptUsage(new AttemptId(row.getString("job_uid"), row.getInt("epoch"), row.getInt("worker_rank")),
                row.getString("project"), row.getString("job_name"), row.getString("owner"), row.getString("queue"), row.getString("node"),
                row.getInt("gpus"), row.getLong("cpu_millis"), row.getLong("memory_bytes"), Instant.ofEpochMilli(row.getLong("started_at")),
                endedAt, row.getDouble("cpu_seconds"), row.getLong("peak_memory_bytes"));
    }
}
