package dev.lepton.store;

import org.jdbi.v3.core.Handle;

/**
 * One transaction, as the work passed to {@link Store#write} or {@link Store#read} sees it. Every
 * repository it hands out runs its statements in that same transaction, so a state change and its
 * event or audit row commit together or not at all. Valid only while the work runs.
 */
public final class Tx {
    private final Handle handle;
    private final JsonCodec json;
    private final AuditHead auditHead;

    /** A reader's transaction: it knows nothing of the audit chain's head. */
    Tx(Handle handle, JsonCodec json) {
        this(handle, json, new AuditHead());
    }

    /** The writer's transaction, with the writer's memory of the audit chain's head. */
    Tx(Handle handle, JsonCodec json, AuditHead auditHead) {
        this.handle = handle;
        this.json = json;
        this.auditHead = auditHead;
    }

    public JobRepository jobs() {
        return new JobRepository(handle, json);
    }

    public DeploymentRepository deployments() {
        return new DeploymentRepository(handle, json);
    }

    public NodeRepository nodes() {
        return new NodeRepository(handle, json);
    }

    public QueueRepository queues() {
        return new QueueRepository(handle, json);
    }

    public UserRepository users() {
        return new UserRepository(handle);
    }

    public AttemptUsageRepository usage() {
        return new AttemptUsageRepository(handle);
    }

    public EnergyLedger energy() {
        return new EnergyLedger(handle);
    }

    public EventLog events() {
        return new EventLog(handle);
    }

    public AuditLog audit() {
        return new AuditLog(handle, auditHead);
    }

    public IdempotencyKeys idempotency() {
        return new IdempotencyKeys(handle);
    }
}
