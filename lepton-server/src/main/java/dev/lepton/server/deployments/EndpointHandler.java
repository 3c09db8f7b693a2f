package dev.lepton.server.deployments;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.failure.LeptonException;
import dev.lepton.server.auth.Authenticator;
import dev.lepton.server.gateway.GatewayProxy;
import dev.lepton.server.gateway.ReplicaPool;
import dev.lepton.server.gateway.Replica;
import dev.lepton.server.gateway.Routing;
import dev.lepton.server.http.Problems;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;

/**
 * The gateway's proxied requests, answered by Jetty's core handler API in front of Javalin: {@code /v2/models/{name}/…}
 * (the Open Inference Protocol, passed to a model replica as it is) and {@code /endpoints/{name}/…} (anything, passed to a
 * replica without the prefix), by GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS. Everything else goes on to Javalin, this
 * path's {@code POST /endpoints/{name}/feedback} and WebSocket upgrades included ({@link EndpointRoutes}).
 *
 * <p>Why not a Javalin route: a servlet request holds its thread until its answer has been relayed, and each chunk then
 * crossed between Jetty's selector and that thread; here no thread waits on a request ({@link GatewayProxy}). Every
 * answer a replica gives carries {@code X-Lepton-Prediction-Id} (the revision that answered, a dot, a UUID), which the
 * feedback route takes back; every request admitted is counted for its revision, with its status and time.
 */
public final class EndpointHandler extends Handler.Wrapper implements Routing {
    private static final String MODELS = "/v2/models/";
    private static final String ENDPOINTS = "/endpoints/";
    /** Javalin answered HEAD with a GET route's handler, so HEAD was forwarded as well. */
    private static final Set<String> PROXIED_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final DeploymentController controller;
    private final GatewayProxy proxy;
    private final EndpointAccess access;
    private final long maxRequestBytes;

    /** A request the gateway proxies: the deployment it names, and the path it goes to on a replica. */
    record Target(String deployment, String path) {}

    /** {@code maxRequestBytes}: the largest request body forwarded, as on every other route; a larger one is a 413. */
    public EndpointHandler(DeploymentController controller, GatewayProxy proxy, Authenticator authenticator, long maxRequestBytes) {
        this.controller = requireNonNull(controller, "controller is null");
        this.proxy = requireNonNull(proxy, "proxy is null");
        this.access = new EndpointAccess(controller, authenticator);
        this.maxRequestBytes = maxRequestBytes;
    }

    /**
     * Jetty calls this on the selector thread that read the request: a proxied request is forwarded there (nothing in it
     * blocks), and what may block, every request of Javalin's and a token the store must check, goes on on a virtual thread
     * of its own, as Jetty ran every request while the whole tree was blocking.
     */
    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Target target = target(request);
        Executor blocking = request.getComponents().getExecutor();
        if (target == null) {
            blocking.execute(() -> {
                try {
                    if (!super.handle(request, response, callback)) {
                        Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
                    }
                } catch (Throwable failure) {
                    Response.writeError(request, response, callback, failure);
                }
            });
            return true;
        }
        admit(target, Optional.ofNullable(request.getHeaders().get(HttpHeader.AUTHORIZATION)), blocking, (live, refused) -> {
            if (live != null) {
                forward(request, response, callback, target, live);
            } else {
                refuse(request, response, callback, refused);
            }
        });
        return true;
    }

    /**
     * The gateway's relay asks where a plain HTTP/1.1 request goes ({@code dev.lepton.server.gateway.ClientRelay}): the
     * same admission as {@link #handle}'s; null for anything else, a refusal included, which Jetty then serves by
     * {@link #handle}.
     */
    @Override
    public void route(String method, HttpURI uri, String authorization, Consumer<Routing.Route> decided) {
        Target target = target(method, uri, false);
        if (target == null) {
            decided.accept(null);
            return;
        }
        admit(target, Optional.ofNullable(authorization), getServer().getThreadPool(),
                (live, refused) -> decided.accept(live == null ? null : new Routed(live, target.path())));
    }

    /**
     * Admits the caller to {@code target}'s deployment and gives {@code then} the live deployment, or the refusal: at once
     * where memory can decide it (on the selector that read the request), else on {@code blocking}, which may read the
     * store (a token not checked lately).
     */
    private void admit(Target target, Optional<String> authorization, Executor blocking,
                       BiConsumer<DeploymentController.Live, LeptonException> then) {
        try {
            Optional<DeploymentController.Live> admitted = access.admitAtOnce(target.deployment(), target.path(), authorization);
            if (admitted.isPresent()) {
                then.accept(admitted.get(), null);
                return;
            }
        } catch (LeptonException refused) {
            then.accept(null, refused);
            return;
        }
        blocking.execute(() -> {
            DeploymentController.Live live;
            try {
                live = access.admit(target.deployment(), target.path(), authorization);
            } catch (LeptonException refused) {
                then.accept(null, refused);
                return;
            }
            then.accept(live, null);
        });
    }

    /** What {@code request} asks of the gateway; null where it is not a plain proxied request. */
    static Target target(Request request) {
        return target(request.getMethod(), request.getHttpURI(), isWebSocketUpgrade(request));
    }

    private static Target target(String method, HttpURI uri, boolean webSocketUpgrade) {
        if (!PROXIED_METHODS.contains(method) || webSocketUpgrade) {
            return null;
        }
        String path = uri.getCanonicalPath();
        if (path == null) {
            return null;
        }
        boolean model = path.startsWith(MODELS);
        if (!model && !path.startsWith(ENDPOINTS)) {
            return null;
        }
        String afterPrefix = path.substring(model ? MODELS.length() : ENDPOINTS.length());
        int slash = afterPrefix.indexOf('/');
        String name = slash < 0 ? afterPrefix : afterPrefix.substring(0, slash);
        if (name.isEmpty()) {
            return null;
        }
        String query = uri.getQuery();
        if (model) {
            return new Target(name, query == null ? uri.getPath() : uri.getPath() + "?" + query);
        }
        String rest = slash < 0 ? "/" : afterPrefix.substring(slash);
        if (method.equals("POST") && (rest.equals("/feedback") || rest.equals("/feedback/"))) {
            return null; // the gateway's own route, on Javalin
        }
        return new Target(name, query == null ? rawRest(uri.getPath()) : rawRest(uri.getPath()) + "?" + query);
    }

    /** The path as the client wrote it (not decoded) after {@code /endpoints/{name}}; {@code /} where nothing follows. */
    private static String rawRest(String rawPath) {
        int slash = rawPath.indexOf('/', ENDPOINTS.length());
        return slash < 0 ? "/" : rawPath.substring(slash);
    }

    private static boolean isWebSocketUpgrade(Request request) {
        String upgrade = request.getHeaders().get(HttpHeader.UPGRADE);
        return upgrade != null && upgrade.regionMatches(true, 0, "websocket", 0, "websocket".length());
    }

    private void forward(Request request, Response response, Callback callback, Target target, DeploymentController.Live live) {
        Routed routed = new Routed(live, target.path());
        long started = System.nanoTime();
        Callback counted = new Callback() {
            @Override
            public void succeeded() {
                routed.answered(response.getStatus(), System.nanoTime() - started);
                callback.succeeded();
            }

            @Override
            public void failed(Throwable failure) {
                if (failure instanceof LeptonException refused && !response.isCommitted()) {
                    routed.answered(Problems.status(refused.code().kind()), System.nanoTime() - started);
                    Problems.write(request, response, callback, refused);
                } else {
                    routed.answered(response.getStatus(), System.nanoTime() - started);
                    callback.failed(failure);
                }
            }
        };
        proxy.forward(request, response, counted, live.pool(), target.path(), maxRequestBytes,
                replica -> response.getHeaders().put(GatewayProxy.PREDICTION_ID, routed.predictionId(replica)));
    }

    /** A request admitted to a deployment: its answer's prediction id, and its count for the revision that answered. */
    private final class Routed implements Routing.Route {
        private final DeploymentController.Live live;
        private final String target;
        private volatile long revision;

        Routed(DeploymentController.Live live, String target) {
            this.live = live;
            this.target = target;
            this.revision = live.deployment().revision();
        }

        @Override
        public ReplicaPool pool() {
            return live.pool();
        }

        @Override
        public String target() {
            return target;
        }

        @Override
        public String predictionId(Replica replica) {
            revision = live.revisionOf(replica.id());
            return revision + "." + predictionUuid();
        }

        @Override
        public void answered(int status, long nanos) {
            controller.answered(live.deployment().name(), revision, status, Duration.ofNanos(nanos));
        }
    }

    /**
     * A request refused before it was forwarded: its body is read first (up to the limit), since closing a connection with
     * unread input makes TCP reset it, and a reset can take the answer with it.
     */
    private void refuse(Request request, Response response, Callback callback, LeptonException refusal) {
        GatewayProxy.discardBody(request, maxRequestBytes, Callback.from(
                () -> Problems.write(request, response, callback, refusal),
                ignored -> Problems.write(request, response, callback, refusal)));
    }

    /**
     * A random (version 4) UUID from the thread's own generator: {@link UUID#randomUUID()} draws on one SecureRandom that
     * every request thread would queue for. A prediction id names an answer; it grants nothing.
     */
    static UUID predictionUuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong() & ~0xF000L | 0x4000L, random.nextLong() & ~(0xC000_0000_0000_0000L) | 0x8000_0000_0000_0000L);
    }
}
