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
        Deployment deployment = live.deployment();
        Optional<String> bearer = Authenticator.bearerHash(authorization);
        if (deployment.spec().access() != DeploymentSpec.Access.PUBLIC && bearer.filter(live.endpointTokens()::contains).isEmpty()) {
            Optional<Principal> principal = mayReadStore ? Optional.of(authenticator.authenticate(authorization))
                    : bearer.flatMap(authenticator::rememberedByHash);
            if (principal.isEmpty()) {
                return Optional.empty();
            }
            checkRole(deployment, principal.get());
        }
        if (deployment.spec().model().isEmpty() && path.startsWith("/v2/models/")) {
            throw new LeptonException(ErrorCode.NOT_FOUND, "deployment '" + name + "' serves a command, not a model: call it at /endpoints/" + name + "/");
        }
        return Optional.of(live);
    }

    /**
     * Who calls: {@code anonymous} for a public deployment, {@code endpoint-token/ID} for one of its endpoint tokens, else
     * the user of a Lepton token with a role in its project.
     */
    String caller(DeploymentController.Live live, Optional<String> authorization) {
        Deployment deployment = live.deployment();
        if (deployment.spec().access() == DeploymentSpec.Access.PUBLIC) {
            return "anonymous";
        }
        Optional<String> endpointToken = Authenticator.bearerHash(authorization).filter(live.endpointTokens()::contains);
        if (endpointToken.isPresent()) {
            return "endpoint-token/" + endpointToken.get().substring(0, TokenRecord.ID_LENGTH);
        }
        Principal principal = authenticator.authenticate(authorization);
        checkRole(deployment, principal);
        return principal.user();
    }

    private static void checkRole(Deployment deployment, Principal principal) {
        if (principal.roleIn(deployment.project()).isEmpty()) {
            throw new LeptonException(ErrorCode.PERMISSION_DENIED, "deployment '" + deployment.name() + "' answers tokens with a role in project "
                    + deployment.project() + "; " + principal.user() + " has none");
        }
    }
}
