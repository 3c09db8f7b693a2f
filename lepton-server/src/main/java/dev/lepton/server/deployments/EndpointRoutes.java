package dev.lepton.server.deployments;

import static java.util.Objects.requireNonNull;

import dev.lepton.api.v1.ApiFeedback;
import dev.lepton.core.auth.Principal;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.serving.Deployment;
import dev.lepton.core.serving.DeploymentSpec;
import dev.lepton.server.auth.Authenticator;
import dev.lepton.server.gateway.GatewayProxy;
import dev.lepton.server.gateway.WebSocketRelay;
import dev.lepton.server.http.Access;
import dev.lepton.server.http.Bodies;
import dev.lepton.server.http.Problems;
import dev.lepton.server.http.RouteTable;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway's routes: {@code /v2/models/{name}/…} (the Open Inference Protocol, passed to a model replica as it is) and
 * {@code /endpoints/{name}/…} (anything, passed to a replica without the prefix). The deployment says who may call: a
 * Lepton token with any role in its project, or anyone. Every answer carries {@code X-Lepton-Prediction-Id} (the revision
 * that answered, a dot, a UUID), which {@code POST /endpoints/{name}/feedback} takes back with a rating or a label. WebSocket
 * upgrades on {@code /endpoints/{name}/…} pass to a replica too ({@link WebSocketRelay}), their token also accepted as
 * {@code ?token=}.
 */
public final class EndpointRoutes {
    public static final String PREDICTION_ID = "X-Lepton-Prediction-Id";
    /** A prediction id: the revision that answered, a dot, a random UUID. */
    private static final Pattern PREDICTION = Pattern.compile("(\\d{1,18})\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final int MAX_LABEL = 4_096;

    private final DeploymentController controller;
    private final GatewayProxy proxy;
    private final Authenticator authenticator;

    public EndpointRoutes(DeploymentController controller, GatewayProxy proxy, Authenticator authenticator) {
        this.controller = requireNonNull(controller, "controller is null");
        this.proxy = requireNonNull(proxy, "proxy is null");
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
    }

    public void register(RouteTable routes) {
        // Before the routes that pass /endpoints/{name}/… on: this one path is the gateway's own.
        routes.post("/endpoints/{name}/feedback", Access.open(), "deployment.feedback", (ctx, caller) -> feedback(ctx));
        routes.passThrough("/v2/models/{name}", "endpoint.call", (ctx, caller) -> forward(ctx, ctx.path()));
        routes.passThrough("/v2/models/{name}/<rest>", "endpoint.call", (ctx, caller) -> forward(ctx, ctx.path()));
        routes.passThrough("/endpoints/{name}", "endpoint.call", (ctx, caller) -> forward(ctx, "/"));
        routes.passThrough("/endpoints/{name}/<rest>", "endpoint.call", (ctx, caller) -> forward(ctx, "/" + ctx.pathParam("rest")));
        WebSocketRelay sockets = new WebSocketRelay(proxy.config(), (ctx, authorization) -> admit(ctx, "/", authorization).pool());
        routes.webSocket("/endpoints/{name}", sockets::upgrade, sockets::socket).webSocket("/endpoints/{name}/<rest>", sockets::upgrade, sockets::socket);
    }

    private void forward(Context ctx, String path) throws InterruptedException {
        DeploymentController.Live live = admit(ctx, path, Optional.ofNullable(ctx.header("Authorization")));
        String name = live.deployment().name();
        long started = System.nanoTime();
        long[] revision = {live.deployment().revision()};
        int status = 502;
        try {
            proxy.forward(ctx, live.pool(), path, replica -> {
                revision[0] = live.revisionOf(replica.id());
                ctx.header(PREDICTION_ID, revision[0] + "." + predictionUuid());
            });
            status = ctx.res().getStatus();
        } catch (LeptonException e) {
            status = Problems.status(e.code().kind());
            throw e;
        } finally {
            controller.answered(name, revision[0], status, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /**
     * A random (version 4) UUID from the thread's own generator: {@link UUID#randomUUID()} draws on one SecureRandom that
     * every request thread would queue for. A prediction id names an answer; it grants nothing.
     */
    private static UUID predictionUuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong() & ~0xF000L | 0x4000L, random.nextLong() & ~(0xC000_0000_0000_0000L) | 0x8000_0000_0000_0000L);
    }

    /** The deployment a request names, once the caller may call it at {@code path}. */
    private DeploymentController.Live admit(Context ctx, String path, Optional<String> authorization) {
        String name = ctx.pathParam("name");
        DeploymentController.Live live = controller.find(name).orElseThrow(() -> LeptonException.notFound("deployment", name));
        caller(live.deployment(), authorization);
        if (live.deployment().spec().model().isEmpty() && path.startsWith("/v2/models/")) {
            throw new LeptonException(ErrorCode.NOT_FOUND, "deployment '" + name + "' serves a command, not a model: call it at /endpoints/" + name + "/");
        }
        return live;
    }

    /** The caller's name where the deployment needs a token with a role in its project ({@code anonymous} for a public one). */
    private String caller(Deployment deployment, Optional<String> authorization) {
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

    /** {@code POST /endpoints/{name}/feedback}: a rating and/or label for a prediction the gateway answered. */
    private void feedback(Context ctx) {
        String name = ctx.pathParam("name");
        DeploymentController.Live live = controller.find(name).orElseThrow(() -> LeptonException.notFound("deployment", name));
        String user = caller(live.deployment(), Optional.ofNullable(ctx.header("Authorization")));
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
