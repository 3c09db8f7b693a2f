package dev.lepton.server.deployments;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.auth.Principal;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.serving.Deployment;
import dev.lepton.core.serving.DeploymentSpec;
import dev.lepton.server.auth.Authenticator;
import java.util.Optional;

/**
 * Who may call a deployment's endpoint, asked alike by its proxied requests ({@link EndpointHandler}), its WebSocket
 * upgrades and its feedback ({@link EndpointRoutes}): a Lepton token with any role in its project, or anyone.
 */
final class EndpointAccess {
    private final DeploymentController controller;
    private final Authenticator authenticator;

    EndpointAccess(DeploymentController controller, Authenticator authenticator) {
        this.controller = requireNonNull(controller, "controller is null");
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
    }

    /** The deployment named {@code name}, once the caller may call it at {@code path}. */
    DeploymentController.Live admit(String name, String path, Optional<String> authorization) {
        DeploymentController.Live live = controller.find(name).orElseThrow(() -> LeptonException.notFound("deployment", name));
        caller(live.deployment(), authorization);
        if (live.deployment().spec().model().isEmpty() && path.startsWith("/v2/models/")) {
            throw new LeptonException(ErrorCode.NOT_FOUND, "deployment '" + name + "' serves a command, not a model: call it at /endpoints/" + name + "/");
        }
        return live;
    }

    /**
     * Whether {@link #admit} answers without reading the store: the deployment is unknown (a 404) or public, or the caller's
     * token was checked lately.
     */
    boolean answersAtOnce(String name, Optional<String> authorization) {
        return controller.find(name)
                .map(live -> live.deployment().spec().access() == DeploymentSpec.Access.PUBLIC || authenticator.remembers(authorization))
                .orElse(true);
    }

    /** The caller's name where the deployment needs a token with a role in its project ({@code anonymous} for a public one). */
    String caller(Deployment deployment, Optional<String> authorization) {
        if (deployment.spec().access() == DeploymentSpec.Access.PUBLIC) {
            return "anonymous";
        }
        Principal principal = authenticator.authenticate(authorization);
        if (principal.roleIn(deployment.project()).isEmpty()) {
            throw new LeptonException(ErrorCode.PERMISSION_DENIED, "deployment '" + deployment.name() + "' answers tokens with a role in project "
                    + deployment.project() + "; " + principal.user() + " has none");
        }
        return principal.user();
    }
}
