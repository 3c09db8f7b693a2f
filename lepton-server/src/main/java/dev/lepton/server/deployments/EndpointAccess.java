package dev.lepton.server.deployments;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.auth.Principal;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.serving.Deployment;
import dev.lepton.core.serving.DeploymentSpec;
import dev.lepton.server.auth.Authenticator;
import dev.lepton.store.TokenRecord;
import java.util.Optional;

/**
 * Who may call a deployment's endpoint, asked alike by its proxied requests ({@link EndpointHandler}), its WebSocket
 * upgrades and its feedback ({@link EndpointRoutes}): a Lepton token with any role in its project or one of the
 * deployment's own endpoint tokens, or anyone.
 */
final class EndpointAccess {
    private final DeploymentController controller;
    private final Authenticator authenticator;

    EndpointAccess(DeploymentController controller, Authenticator authenticator) {
        this.controller = requireNonNull(controller, "controller is null");
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
    }

    /** The deployment named {@code name}, once the caller may call it at {@code path}; may read the store for the token. */
    DeploymentController.Live admit(String name, String path, Optional<String> authorization) {
        return admit(name, path, authorization, true).orElseThrow();
    }

    /**
     * {@link #admit} where it can decide without reading the store (the gateway asks on a selector thread): empty where the
     * caller's token was not checked lately, so that only the store can say.
     */
    Optional<DeploymentController.Live> admitAtOnce(String name, String path, Optional<String> authorization) {
        return admit(name, path, authorization, false);
    }

    private Optional<DeploymentController.Live> admit(String name, String path, Optional<String> authorization, boolean mayReadStore) {
        DeploymentController.Live live = controller.find(name).orElseThrow(() -> LeptonException.notFound("deployment", name));
        if (caller(live, authorization, mayReadStore).isEmpty()) {
            return Optional.empty();
        }
        if (live.deployment().spec().model().isEmpty() && path.startsWith("/v2/models/")) {
            throw new LeptonException(ErrorCode.NOT_FOUND, "deployment '" + name + "' serves a command, not a model: call it at /endpoints/" + name + "/");
        }
        return Optional.of(live);
    }

    /**
     * Who calls: {@code anonymous} for a public deployment, {@code endpoint-token/ID} for one of its endpoint tokens, else
     * the user of a Lepton token with a role in its project. May read the store for the token.
     */
    String caller(DeploymentController.Live live, Optional<String> authorization) {
        return caller(live, authorization, true).orElseThrow();
    }

    /** {@link #caller}; empty where the store would have to say, when {@code mayReadStore} is false. Throws a refusal. */
    private Optional<String> caller(DeploymentController.Live live, Optional<String> authorization, boolean mayReadStore) {
        Deployment deployment = live.deployment();
        if (deployment.spec().access() == DeploymentSpec.Access.PUBLIC) {
            return Optional.of("anonymous");
        }
        Optional<String> hash = Authenticator.bearerHash(authorization);
        if (hash.filter(live.endpointTokens()::contains).isPresent()) {
            return Optional.of("endpoint-token/" + hash.get().substring(0, TokenRecord.ID_LENGTH));
        }
        Optional<Principal> principal = mayReadStore ? Optional.of(authenticator.authenticate(authorization)) : hash.flatMap(authenticator::remembered);
        if (principal.isPresent() && principal.get().roleIn(deployment.project()).isEmpty()) {
            throw new LeptonException(ErrorCode.PERMISSION_DENIED, "deployment '" + deployment.name() + "' answers tokens with a role in project "
                    + deployment.project() + "; " + principal.get().user() + " has none");
        }
        return principal.map(Principal::user);
    }
}
