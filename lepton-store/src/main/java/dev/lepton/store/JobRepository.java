package dev.lepton.store;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobPhase;
import dev.lepton.core.job.JobSpec;
import dev.lepton.core.job.JobStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Jobs, keyed by {@code project/name}. Spec and status are stored as JSON; phase, queue and
 * priority are copied into columns so that the scheduler can select and sort on them.
 */
public final class JobRepository {
    private static final String SELECT_JOB = "SELECT seq, uid, project, name, owner, created_at, resource_version, spec, status FROM jobs";
    private static final List<String> ACTIVE_PHASES = Arrays.stream(JobPhase.values())
            .filter(phase -> !phase.isTerminal())
            .map(JobPhase::name)
            .toList();

    private final Handle handle;
    private final JsonCodec json;

    JobRepository(Handle handle, JsonCodec json) {
        this.handle = handle;
        this.json = json;
    }

    /**
     * Stores a new job. Its {@code seq} and {@code resourceVersion} are ignored: the store assigns
     * the next seq (submission order) and version 1, and returns the job as stored.
     */
    public Job insert(Job job) {
        requireNonNull(job, "job is null");
        Instant createdAt = Instant.ofEpochMilli(job.createdAt().toEpochMilli());
        Optional<Long> seq = handle.createQuery("""
                        INSERT INTO jobs (uid, project, name, owner, queue, priority, phase, created_at, resource_version, spec, status)
                        VALUES (:uid, :project, :name, :owner, :queue, :priority, :phase, :createdAt, 1, :spec, :status)
                        ON CONFLICT (project, name) DO NOTHING
                        RETURNING seq""")
                .bind("uid", job.uid())
                .bind("owner", job.owner())
                .bind("project", job.project())
                .bind("name", job.name())
                .bind("queue", job.spec().queue())
                .bind("priority", job.spec().priority())
                .bind("phase", job.phase().name())
                .bind("createdAt", createdAt.toEpochMilli())
                .bind("spec", json.write(job.spec()))
                .bind("status", json.write(job.status()))
                .mapTo(Long.class)
                .findOne();
        // ON CONFLICT instead of catching the violation: on PostgreSQL a failed statement would poison the transaction.
        if (seq.isEmpty()) {
            throw new LeptonException(ErrorCode.ALREADY_EXISTS, "job '" + job.qualifiedName() + "' already exists");
        }
        return new Job(job.project(), job.name(), job.uid(), job.owner(), seq.get(), createdAt, 1, job.spec(), job.status());
    }

    /**
     * Replaces spec and status if the stored job still has {@code job.resourceVersion()};
     * returns it with the next version. Someone else's update in between is a VERSION_CONFLICT.
     */
    public Job update(Job job) {
        requireNonNull(job, "job is null");
        int updated = handle.createUpdate("""
                        UPDATE jobs SET queue = :queue, priority = :priority, phase = :phase,
                            resource_version = resource_version + 1, spec = :spec, status = :status
                        WHERE project = :project AND name = :name AND resource_version = :version""")
                .bind("queue", job.spec().queue())
                .bind("priority", job.spec().priority())
                .bind("phase", job.phase().name())
                .bind("spec", json.write(job.spec()))
                .bind("status", json.write(job.status()))
                .bind("project", job.project())
                .bind("name", job.name())
                .bind("version", job.resourceVersion())
                .execute();
        if (updated == 0) {
            throw updateRefused(job);
        }
        return new Job(job.project(), job.name(), job.uid(), job.owner(), job.seq(), job.createdAt(), job.resourceVersion() + 1, job.spec(), job.status());
    }

    public Optional<Job> find(String project, String name) {
        return handle.createQuery(SELECT_JOB + " WHERE project = :project AND name = :name")
                .bind("project", project)
                .bind("name", name)
                .map(this::job)
                .findOne();
    }

    public Optional<Job> findByUid(String uid) {
        return handle.createQuery(SELECT_JOB + " WHERE uid = :uid")
                .bind("uid", uid)
                .map(this::job)
                .findOne();
    }

    /**
     * The tasks of array {@code array} in the project, in submission (index) order; empty when there
     * is no such array. Tasks are named {@code array-INDEX}: only jobs so named are read.
     */
    public List<Job> arrayTasks(String project, String array) {
        // Names are lowercase letters, digits and '-': no LIKE wildcard can occur in the prefix.
        return handle.createQuery(SELECT_JOB + " WHERE project = :project AND name LIKE :prefix ORDER BY seq")
                .bind("project", project)
                .bind("prefix", array + "-%")
                .map(this::job)
                .stream()
                .filter(job -> job.spec().array().filter(task -> task.array().equals(array)).isPresent())
                .toList();
    }

    /** One page of jobs in submission order; pass the last seq as the next query's cursor. */
    public List<Job> list(JobQuery query) {
        StringBuilder sql = new StringBuilder(SELECT_JOB).append(" WHERE 1 = 1");
        query.project().ifPresent(p -> sql.append(" AND project = :project"));
        query.namePrefix().ifPresent(p -> sql.append(" AND name LIKE :prefix"));
        if (!query.phases().isEmpty()) {
            sql.append(" AND phase IN (<phases>)");
        }
        query.afterSeq().ifPresent(s -> sql.append(" AND seq > :afterSeq"));
        sql.append(" ORDER BY seq LIMIT :limit");
        Query statement = handle.createQuery(sql.toString()).bind("limit", query.limit());
        query.project().ifPresent(p -> statement.bind("project", p));
        query.afterSeq().ifPresent(s -> statement.bind("afterSeq", s));
        query.namePrefix().ifPresent(p -> statement.bind("prefix", p + "%"));
        if (!query.phases().isEmpty()) {
            statement.bindList("phases", query.phases().stream().map(JobPhase::name).sorted().toList());
        }
        return statement.map(this::job).list();
    }

    /** Every job that is not finished, in submission order: what the scheduler and controllers work on. */
    public List<Job> active() {
        return handle.createQuery(SELECT_JOB + " WHERE phase IN (<phases>) ORDER BY seq")
                .bindList("phases", ACTIVE_PHASES)
                .map(this::job)
                .list();
    }

    /**
     * Up to {@code limit} of the queue's jobs that have not ended, as {@code project/name} in
     * submission order: read through the queue's index, without decoding a job.
     */
    public List<String> liveInQueue(String queue, int limit) {
        return handle.createQuery("SELECT project, name FROM jobs WHERE queue = :queue AND phase IN (<phases>) ORDER BY seq LIMIT :limit")
                .bind("queue", queue)
                .bindList("phases", ACTIVE_PHASES)
                .bind("limit", limit)
                .map((row, context) -> row.getString("project") + "/" + row.getString("name"))
                .list();
    }

    /**
     * Deletes the job with this uid if it has ended; true if it did. A job that has not ended is
     * FAILED_PRECONDITION (the scheduler still works on it), one that does not exist NOT_FOUND.
     */
    public boolean deleteEnded(String uid) {
        int deleted = handle.createUpdate("DELETE FROM jobs WHERE uid = :uid AND phase NOT IN (<phases>)")
                .bind("uid", uid)
                .bindList("phases", ACTIVE_PHASES)
                .execute();
        if (deleted == 0) {
            Job job = findByUid(uid).orElseThrow(() -> LeptonException.notFound("job", uid));
            throw new LeptonException(ErrorCode.FAILED_PRECONDITION, "job '" + job.qualifiedName() + "' has not ended ("
                    + job.phase().displayName() + ")");
        }
        return true;
    }

    public long count() {
        return handle.createQuery("SELECT COUNT(*) FROM jobs").mapTo(Long.class).one();
    }

    private LeptonException updateRefused(Job job) {
        Optional<Long> storedVersion = handle.createQuery("SELECT resource_version FROM jobs WHERE project = :project AND name = :name")
                .bind("project", job.project())
                .bind("name", job.name())
                .mapTo(Long.class)
                .findOne();
        return storedVersion
                .map(version -> new LeptonException(ErrorCode.VERSION_CONFLICT, "job '" + job.qualifiedName()
                        + "' was changed: resourceVersion is " + version + ", the update was based on " + job.resourceVersion()))
                .orElseGet(() -> LeptonException.notFound("job", job.qualifiedName()));
    }

    private Job job(ResultSet row, StatementContext context) throws SQLException {
        return new Job(
                row.getString("project"),
                row.getString("name"),
                row.getString("uid"),
                row.getString("owner"),
                row.getLong("seq"),
                Instant.ofEpochMilli(row.getLong("created_at")),
                row.getLong("resource_version"),
                json.read(row.getString("spec"), JobSpec.class),
                json.read(row.getString("status"), JobStatus.class));
    }
}
