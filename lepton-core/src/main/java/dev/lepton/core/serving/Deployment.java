package dev.lepton.core.serving;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A deployment as stored: its name (its endpoint, unique on the server), project, owner, the spec's
 * {@code revision} (1 at creation, one more for each changed spec), the spec, and the store's version.
 * Its replicas are jobs labelled {@link #DEPLOYMENT_LABEL} and {@link #REVISION_LABEL}.
 */
public record Deployment(String project, String name, String uid, String owner, long revision, DeploymentSpec spec, Instant createdAt,
                         long resourceVersion) {
    public static final String DEPLOYMENT_LABEL = "lepton.dev/deployment";
    public static final String REVISION_LABEL = "lepton.dev/revision";

    public Deployment {
        requireNonNull(project, "project is null");
        requireNonNull(name, "name is null");
        requireNonNull(uid, "uid is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(spec, "spec is null");
        requireNonNull(createdAt, "createdAt is null");
        if (revision < 1) {
            throw new IllegalArgumentException("revision must be 1 or more, got " + revision);
        }
    }

    /**
     * This deployment with another spec: a new revision when what a replica runs changed; the same revision when only the
     * scaling did (a scale rolls no replica).
     */
    public Deployment withSpec(DeploymentSpec changed) {
        if (changed.equals(spec)) {
            return this;
        }
        long next = changed.withScaling(spec.scaling()).equals(spec) ? revision : revision + 1;
        return new Deployment(project, name, uid, owner, next, changed, createdAt, resourceVersion);
    }

    /** The object its events are filed under, as a job's are under its uid. */
    public String eventObject() {
        return "deployment/" + name;
    }
}
