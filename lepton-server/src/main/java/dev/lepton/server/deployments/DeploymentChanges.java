package dev.lepton.server.deployments;

import dev.lepton.core.serving.Deployment;
import dev.lepton.core.serving.DeploymentSpec;
import dev.lepton.store.Store;
import java.time.Instant;

/** A change to a stored deployment, with its event and audit row in the same transaction: a user's through the API, or the controller's rollback. */
final class DeploymentChanges {
    private DeploymentChanges() {}

    /** Stores {@code current} with {@code spec} (a new revision when what a replica runs changed); the deployment as stored after. */
    static Deployment save(Store store, String actor, String action, Deployment current, DeploymentSpec spec, String reason, String message,
                           Instant now) {
        Deployment changed = current.withSpec(spec);
        if (changed == current) {
            return current;
        }
        return store.write(tx -> {
            Deployment updated = tx.deployments().update(changed, now);
            tx.events().append(updated.project(), updated.eventObject(), reason, message + " (revision " + updated.revision() + ")", now);
            tx.audit().record(now, actor, action, "deployment/" + updated.project() + "/" + updated.name(), true, "");
            return updated;
        });
    }
}
