package dev.lepton.store;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.serving.Deployment;
import dev.lepton.core.serving.DeploymentSpec;
import dev.lepton.core.serving.RevisionTraffic;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** Deployments, each with its current spec, and every revision's spec, traffic and feedback and its endpoint tokens beside them. */
public final class DeploymentRepository {
    private static final String SELECT = "SELECT name, project, uid, owner, revision, spec, created_at, resource_version FROM deployments";

    private final Handle handle;
    private final JsonCodec json;

    DeploymentRepository(Handle handle, JsonCodec json) {
        this.handle = handle;
        this.json = json;
    }

    /** Stores a new deployment at its revision; ALREADY_EXISTS when the name is taken, in any project. */
    public Deployment insert(Deployment deployment) {
        requireNonNull(deployment, "deployment is null");
        Instant createdAt = Instant.ofEpochMilli(deployment.createdAt().toEpochMilli());
        String spec = json.write(deployment.spec());
        int inserted = handle.createUpdate("""
                        INSERT INTO deployments (name, project, uid, owner, revision, spec, created_at, resource_version)
                        VALUES (:name, :project, :uid, :owner, :revision, :spec, :createdAt, 1) ON CONFLICT (name) DO NOTHING""")
                .bind("name", deployment.name())
                .bind("project", deployment.project())
                .bind("uid", deployment.uid())
                .bind("owner", deployment.owner())
                .bind("revision", deployment.revision())
                .bind("spec", spec)
                .bind("createdAt", createdAt.toEpochMilli())
                .execute();
        if (inserted == 0) {
            String project = find(deployment.name()).map(Deployment::project).orElse(deployment.project());
            throw new LeptonException(ErrorCode.ALREADY_EXISTS, "deployment '" + deployment.name() + "' already exists"
                    + (project.equals(deployment.project()) ? "" : " (in project " + project + "; a deployment's name is its endpoint, "
                    + "unique on the server)"));
        }
        keepRevision(deployment.name(), deployment.revision(), spec, createdAt);
        return new Deployment(deployment.project(), deployment.name(), deployment.uid(), deployment.owner(), deployment.revision(),
                deployment.spec(), createdAt, 1);
    }

    /**
     * Stores {@code changed} over the deployment it was read as, if nobody changed that since
     * ({@code resourceVersion} must match; CONFLICT otherwise); a new revision's spec is kept beside the others.
     */
    public Deployment update(Deployment changed, Instant now) {
        requireNonNull(changed, "changed is null");
        String spec = json.write(changed.spec());
        int updated = handle.createUpdate("""
                        UPDATE deployments SET revision = :revision, spec = :spec, resource_version = resource_version + 1
                        WHERE name = :name AND resource_version = :version""")
                .bind("name", changed.name())
                .bind("revision", changed.revision())
                .bind("spec", spec)
                .bind("version", changed.resourceVersion())
                .execute();
        if (updated == 0) {
            throw find(changed.name()).isEmpty() ? LeptonException.notFound("deployment", changed.name())
                    : new LeptonException(ErrorCode.VERSION_CONFLICT, "deployment '" + changed.name() + "' was changed meanwhile; read it again");
        }
        if (revision(changed.name(), changed.revision()).isEmpty()) {
            keepRevision(changed.name(), changed.revision(), spec, Instant.ofEpochMilli(now.toEpochMilli()));
        }
        return find(changed.name()).orElseThrow();
    }

    public Optional<Deployment> find(String name) {
        return handle.createQuery(SELECT + " WHERE name = :name").bind("name", name).map(this::deployment).findOne();
    }

    /** A project's deployments by name, or every project's when {@code project} is empty. */
    public List<Deployment> list(Optional<String> project) {
        return project.map(p -> handle.createQuery(SELECT + " WHERE project = :project ORDER BY name").bind("project", p))
                .orElseGet(() -> handle.createQuery(SELECT + " ORDER BY name"))
                .map(this::deployment).list();
    }

    /** The spec of one revision, as it was stored. */
    public Optional<DeploymentSpec> revision(String name, long revision) {
        return handle.createQuery("SELECT spec FROM deployment_revisions WHERE name = :name AND revision = :revision")
                .bind("name", name).bind("revision", revision)
                .map((rs, ctx) -> json.read(rs.getString("spec"), DeploymentSpec.class)).findOne();
    }

    /** Adds requests and errors a revision served since the last call. */
    public void addTraffic(String name, long revision, long requests, long errors) {
        handle.createUpdate("""
                        INSERT INTO deployment_traffic (name, revision, requests, errors) VALUES (:name, :revision, :requests, :errors)
                        ON CONFLICT (name, revision) DO UPDATE SET requests = deployment_traffic.requests + excluded.requests,
                        errors = deployment_traffic.errors + excluded.errors""")
                .bind("name", name).bind("revision", revision).bind("requests", requests).bind("errors", errors).execute();
    }

    /** Records feedback on a prediction; a second word on the same prediction replaces the first. */
    public void putFeedback(String name, String predictionId, long revision, OptionalDouble rating, Optional<String> label, String user,
                            Instant at) {
        handle.createUpdate("""
                        INSERT INTO deployment_feedback (name, prediction_id, revision, rating, label, by_user, at)
                        VALUES (:name, :id, :revision, :rating, :label, :user, :at)
                        ON CONFLICT (name, prediction_id) DO UPDATE SET rating = excluded.rating, label = excluded.label,
                        by_user = excluded.by_user, at = excluded.at""")
                .bind("name", name).bind("id", predictionId).bind("revision", revision)
                .bind("rating", rating.isPresent() ? rating.getAsDouble() : null).bind("label", label.orElse(null))
                .bind("user", user).bind("at", at.toEpochMilli()).execute();
    }

    /** Keeps an endpoint token of deployment {@code name}: the SHA-256 of its secret, named by the hash's start. */
    public TokenRecord addEndpointToken(String name, String hash, String createdBy, Instant at) {
        String id = hash.substring(0, TokenRecord.ID_LENGTH);
        handle.createUpdate("INSERT INTO endpoint_tokens (deployment, id, hash, created_by, created_at) VALUES (:name, :id, :hash, :by, :at)")
                .bind("name", name).bind("id", id).bind("hash", hash).bind("by", createdBy).bind("at", at.toEpochMilli()).execute();
        return new TokenRecord(id, createdBy, at);
    }

    /** Deployment {@code name}'s endpoint tokens, oldest first ({@link TokenRecord#user} is who made each). */
    public List<TokenRecord> endpointTokens(String name) {
        return handle.createQuery("SELECT id, created_by, created_at FROM endpoint_tokens WHERE deployment = :name ORDER BY created_at, id")
                .bind("name", name)
                .map((rs, ctx) -> new TokenRecord(rs.getString("id"), rs.getString("created_by"), Instant.ofEpochMilli(rs.getLong("created_at"))))
                .list();
    }

    /** The hashes of every deployment's endpoint tokens, by deployment: what the gateway admits. */
    public Map<String, Set<String>> endpointTokenHashes() {
        Map<String, Set<String>> hashes = new HashMap<>();
        handle.createQuery("SELECT deployment, hash FROM endpoint_tokens")
                .map((rs, ctx) -> Map.entry(rs.getString("deployment"), rs.getString("hash")))
                .forEach(e -> hashes.computeIfAbsent(e.getKey(), k -> new HashSet<>()).add(e.getValue()));
        return hashes;
    }

    /** Revokes endpoint token {@code id} of deployment {@code name}; false when it has none by that id. */
    public boolean revokeEndpointToken(String name, String id) {
        return handle.createUpdate("DELETE FROM endpoint_tokens WHERE deployment = :name AND id = :id").bind("name", name).bind("id", id).execute() > 0;
    }

    /** Each revision's traffic and feedback, by revision; revisions that served nothing and got no feedback are left out. */
    public List<RevisionTraffic> traffic(String name) {
        Map<Long, RevisionTraffic> byRevision = new TreeMap<>();
        handle.createQuery("SELECT revision, requests, errors FROM deployment_traffic WHERE name = :name").bind("name", name)
                .map((rs, ctx) -> new RevisionTraffic(rs.getLong("revision"), rs.getLong("requests"), rs.getLong("errors"), 0, 0, OptionalDouble.empty()))
                .forEach(t -> byRevision.put(t.revision(), t));
        handle.createQuery("""
                        SELECT revision, COUNT(*) AS feedback, COUNT(rating) AS ratings, AVG(rating) AS mean FROM deployment_feedback
                        WHERE name = :name GROUP BY revision""").bind("name", name)
                .map((rs, ctx) -> {
                    long ratings = rs.getLong("ratings");
                    RevisionTraffic served = byRevision.getOrDefault(rs.getLong("revision"), RevisionTraffic.none(rs.getLong("revision")));
                    return new RevisionTraffic(served.revision(), served.requests(), served.errors(), rs.getLong("feedback"), ratings,
                            ratings > 0 ? OptionalDouble.of(rs.getDouble("mean")) : OptionalDouble.empty());
                })
                .forEach(t -> byRevision.put(t.revision(), t));
        return List.copyOf(byRevision.values());
    }

    /** Removes a deployment with its revisions, traffic, feedback and endpoint tokens; false when there was none. */
    public boolean delete(String name) {
        handle.createUpdate("DELETE FROM deployment_revisions WHERE name = :name").bind("name", name).execute();
        handle.createUpdate("DELETE FROM deployment_traffic WHERE name = :name").bind("name", name).execute();
        handle.createUpdate("DELETE FROM deployment_feedback WHERE name = :name").bind("name", name).execute();
        handle.createUpdate("DELETE FROM endpoint_tokens WHERE deployment = :name").bind("name", name).execute();
        return handle.createUpdate("DELETE FROM deployments WHERE name = :name").bind("name", name).execute() > 0;
    }

    private void keepRevision(String name, long revision, String spec, Instant at) {
        handle.createUpdate("INSERT INTO deployment_revisions (name, revision, spec, created_at) VALUES (:name, :revision, :spec, :at)")
                .bind("name", name).bind("revision", revision).bind("spec", spec).bind("at", at.toEpochMilli()).execute();
    }

    private Deployment deployment(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Deployment(rs.getString("project"), rs.getString("name"), rs.getString("uid"), rs.getString("owner"), rs.getLong("revision"),
                json.read(rs.getString("spec"), DeploymentSpec.class), Instant.ofEpochMilli(rs.getLong("created_at")), rs.getLong("resource_version"));
    }
}
