package dev.lepton.server.deployments;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.failure.LeptonException;
import dev.lepton.server.auth.Authenticator;
import dev.lepton.server.gateway.GatewayProxy;
import dev.lepton.server.http.Problems;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
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
public final class EndpointHandler extends Handler.Wrapper {
    public static final String PREDICTION_ID = "X-Lepton-Prediction-Id";
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
        Optional<String> authorization = Optional.ofNullable(request.getHeaders().get(HttpHeader.AUTHORIZATION));
        if (target != null) {
            try {
                Optional<DeploymentController.Live> admitted = access.admitAtOnce(target.deployment(), target.path(), authorization);
                if (admitted.isPresent()) {
                    forward(request, response, callback, target, admitted.get());
                    return true;
                }
            } catch (LeptonException refused) {
                refuse(request, response, callback, refused);
                return true;
            }
        }
        request.getComponents().getExecutor().execute(() -> {
            try {
                if (target != null) {
                    forward(request, response, callback, target, access.admit(target.deployment(), target.path(), authorization));
                } else if (!super.handle(request, response, callback)) {
                    Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
                }
            } catch (LeptonException refused) {
                refuse(request, response, callback, refused);
            } catch (Throwable failure) {
                Response.writeError(request, response, callback, failure);
            }
        });
        return true;
    }

    /** What {@code request} asks of the gateway; null where it is not a plain proxied request. */
    static Target target(Request request) {
        String method = request.getMethod();
        if (!PROXIED_METHODS.contains(method) || isWebSocketUpgrade(request)) {
            return null;
        }
        String path = Request.getPathInContext(request);
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
        if (model) {
            return new Target(name, request.getHttpURI().getPath());
        }
        String rest = slash < 0 ? "/" : afterPrefix.substring(slash);
        if (method.equals("POST") && (rest.equals("/feedback") || rest.equals("/feedback/"))) {
            return null; // the gateway's own route, on Javalin
        }
        return new Target(name, rawRest(request.getHttpURI().getPath()));
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
        String name = live.deployment().name();
        long started = System.nanoTime();
        AtomicLong revision = new AtomicLong(live.deployment().revision());
        Callback counted = new Callback() {
            @Override
            public void succeeded() {
                answered(response.getStatus());
                callback.succeeded();
            }

            @Override
            public void failed(Throwable failure) {
                if (failure instanceof LeptonException refused && !response.isCommitted()) {
                    answered(Problems.status(refused.code().kind()));
                    Problems.write(request, response, callback, refused);
                } else {
                    answered(response.getStatus());
                    callback.failed(failure);
                }
            }

            private void answered(int status) {
                controller.answered(name, revision.get(), status, Duration.ofNanos(System.nanoTime() - started));
            }
        };
        proxy.forward(request, response, counted, live.pool(), target.path(), maxRequestBytes, replica -> {
            revision.set(live.revisionOf(replica.id()));
            response.getHeaders().put(PREDICTION_ID, revision.get() + "." + predictionUuid());
        });
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
