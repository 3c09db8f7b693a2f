package dev.lepton.server.deployments;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.auth.Principal;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.serving.Deployment;
import dev.lepton.core.serving.DeploymentSpec;
import dev.lepton.server.auth.Authenticator;
import dev.lepton.server.gateway.GatewayProxy;
import dev.lepton.server.gateway.WebSocketRelay;
import dev.lepton.server.http.Access;
import dev.lepton.server.http.RouteTable;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.UUID;

/**
 * The gateway's routes: {@code /v2/models/{name}/…} (the Open Inference Protocol, passed to a model replica as it is) and
 * {@code /endpoints/{name}/…} (anything, passed to a replica without the prefix). The deployment says who may call: a
 * Lepton token with any role in its project, or anyone. Every answer carries {@code X-Lepton-Prediction-Id}. WebSocket upgrades on
 * {@code /endpoints/{name}/…} pass to a replica too ({@link WebSocketRelay}), their token also accepted as {@code ?token=}.
 */
public final class EndpointRoutes {
    public static final String PREDICTION_ID = "X-Lepton-Prediction-Id";

    private final DeploymentController controller;
    private final GatewayProxy proxy;
    private final Authenticator authenticator;

    public EndpointRoutes(DeploymentController controller, GatewayProxy proxy, Authenticator authenticator) {
        this.controller = requireNonNull(controller, "controller is null");
        this.proxy = requireNonNull(proxy, "proxy is null");
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
    }

    public void register(RouteTable routes) {
        routes.any("/v2/models/{name}", Access.open(), "endpoint.call", (ctx, caller) -> forward(ctx, ctx.path()));
        routes.any("/v2/models/{name}/<rest>", Access.open(), "endpoint.call", (ctx, caller) -> forward(ctx, ctx.path()));
        routes.any("/endpoints/{name}", Access.open(), "endpoint.call", (ctx, caller) -> forward(ctx, "/"));
        routes.any("/endpoints/{name}/<rest>", Access.open(), "endpoint.call", (ctx, caller) -> forward(ctx, "/" + ctx.pathParam("rest")));
        WebSocketRelay sockets = new WebSocketRelay(proxy.config(), (ctx, authorization) -> admit(ctx, "/", authorization).pool());
        routes.webSocket("/endpoints/{name}", sockets::upgrade, sockets::socket).webSocket("/endpoints/{name}/<rest>", sockets::upgrade, sockets::socket);
    }

    private void forward(Context ctx, String path) throws InterruptedException {
        proxy.forward(ctx, admit(ctx, path, Optional.ofNullable(ctx.header("Authorization"))).pool(), path);
    }

    private DeploymentController.Live admit(Context ctx, String path, Optional<String> authorization) {
        String name = ctx.pathParam("name");
        DeploymentController.Live live = controller.find(name).orElseThrow(() -> LeptonException.notFound("deployment", name));
        Deployment deployment = live.deployment();
        if (deployment.spec().model().isEmpty() && path.startsWith("/v2/models/")) {
            throw new LeptonException(ErrorCode.NOT_FOUND, "deployment '" + name + "' serves a command, not a model: call it at /endpoints/" + name + "/");
        }
        if (deployment.spec().access() == DeploymentSpec.Access.TOKEN) {
            Principal principal = authenticator.authenticate(authorization);
            if (principal.roleIn(deployment.project()).isEmpty()) {
                throw new LeptonException(ErrorCode.PERMISSION_DENIED, "deployment '" + name + "' answers tokens with a role in project "
                        + deployment.project() + "; " + principal.user() + " has none");
            }
        }
        ctx.header(PREDICTION_ID, UUID.randomUUID().toString());
        return live;
    }
}
