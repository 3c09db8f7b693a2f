package dev.lepton.server.deployments;

import static java.util.Objects.requireNonNull;

import dev.lepton.api.v1.ApiFeedback;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.server.auth.Authenticator;
import dev.lepton.server.gateway.GatewayProxy;
import dev.lepton.server.gateway.WebSocketRelay;
import dev.lepton.server.http.Access;
import dev.lepton.server.http.Bodies;
import dev.lepton.server.http.RouteTable;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway's routes on Javalin: {@code POST /endpoints/{name}/feedback}, a rating or a label for a prediction the
 * gateway answered ({@code X-Lepton-Prediction-Id}: the revision that answered, a dot, a UUID), and WebSocket upgrades on
 * {@code /endpoints/{name}/…}, passed to a replica ({@link WebSocketRelay}), their token also accepted as {@code ?token=}.
 * The requests the gateway proxies never reach Javalin: {@link EndpointHandler} answers them in front of it.
 */
public final class EndpointRoutes {
    /** A prediction id: the revision that answered, a dot, a random UUID. */
    private static final Pattern PREDICTION = Pattern.compile("(\\d{1,18})\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final int MAX_LABEL = 4_096;

    private final DeploymentController controller;
    private final GatewayProxy proxy;
    private final EndpointAccess access;

    public EndpointRoutes(DeploymentController controller, GatewayProxy proxy, Authenticator authenticator) {
        this.controller = requireNonNull(controller, "controller is null");
        this.proxy = requireNonNull(proxy, "proxy is null");
        this.access = new EndpointAccess(controller, authenticator);
    }

    public void register(RouteTable routes) {
        routes.post("/endpoints/{name}/feedback", Access.open(), "deployment.feedback", (ctx, caller) -> feedback(ctx));
        WebSocketRelay sockets = new WebSocketRelay(proxy.config(), (ctx, authorization) -> access.admit(ctx.pathParam("name"), "/", authorization).pool());
        routes.webSocket("/endpoints/{name}", sockets::upgrade, sockets::socket).webSocket("/endpoints/{name}/<rest>", sockets::upgrade, sockets::socket);
    }

    /** {@code POST /endpoints/{name}/feedback}: a rating and/or label for a prediction the gateway answered. */
    private void feedback(Context ctx) {
        String name = ctx.pathParam("name");
        DeploymentController.Live live = controller.find(name).orElseThrow(() -> LeptonException.notFound("deployment", name));
        String user = access.caller(live, Optional.ofNullable(ctx.header("Authorization")));
        ApiFeedback body = Bodies.read(ctx, ApiFeedback.class);
        Matcher id = body.predictionId() == null ? null : PREDICTION.matcher(body.predictionId());
        if (id == null || !id.matches()) {
            throw LeptonException.invalid("predictionId", body.predictionId(), "must be the X-Lepton-Prediction-Id the gateway answered with "
                    + "(REVISION.UUID)");
        }
        if (body.rating() == null && body.label() == null) {
            throw LeptonException.invalid("rating", "nothing", "give a rating, a label or both");
        }
        if (body.rating() != null && !Double.isFinite(body.rating())) {
            throw LeptonException.invalid("rating", body.rating(), "must be a finite number");
        }
        if (body.label() != null && body.label().length() > MAX_LABEL) {
            throw LeptonException.invalid("label", body.label().length() + " characters", "must be at most " + MAX_LABEL + " characters");
        }
        long revision = Long.parseLong(id.group(1));
        controller.recordFeedback(live.deployment(), body.predictionId(), revision,
                body.rating() == null ? OptionalDouble.empty() : OptionalDouble.of(body.rating()), Optional.ofNullable(body.label()), user);
        Bodies.json(ctx, 201, body);
    }
}
