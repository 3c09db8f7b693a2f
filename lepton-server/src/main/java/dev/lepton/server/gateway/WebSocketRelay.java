package dev.lepton.server.gateway;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes WebSockets through the gateway. The client's upgrade request is checked ({@link Admission}), then a socket is
 * opened to one of the deployment's replicas (least outstanding, held while none is ready, refused ones skipped, as
 * {@link GatewayProxy} does) before the client is upgraded: a deployment that cannot take the socket answers the upgrade
 * with an HTTP error, not with a socket that closes at once. Once both are open, text and binary messages pass both ways
 * as they come (the replica's fragments as fragments), a close on either side closes the other with its code and reason,
 * and a failure of either closes the other (1011 toward the client, 1001 toward the replica). The socket counts as one
 * request outstanding on its replica, and in flight for the autoscaler, until it closes.
 *
 * <p>Browsers cannot set headers on a WebSocket, so a Lepton token may come as {@code ?token=} on the upgrade's query
 * instead of {@code Authorization} ({@link #authorization}); like the header, it never reaches the replica.
 */
public final class WebSocketRelay {
    private static final Logger log = LoggerFactory.getLogger(WebSocketRelay.class);
    private static final String LINK = WebSocketRelay.class.getName() + ".link";
    /** A relayed socket quiet for this long is closed (Jetty's default, 30 s, would cut an idle chat). */
    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(10);
    /** The largest message a client may send through the gateway (Jetty's default is 64 KiB). */
    static final long MAX_MESSAGE_BYTES = 16L * 1024 * 1024;
    /** How long a client's upgrade may take to complete once its replica accepted, before the replica's socket is let go. */
    private static final Duration ATTACH_WITHIN = Duration.ofSeconds(30);
    /** Headers of the client's upgrade that stay on its hop, or that the JDK's WebSocket client sets itself (and Sec-WebSocket-*). */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-authorization", "proxy-connection", "te", "trailer",
            "transfer-encoding", "upgrade", "host", "content-length", "expect");
    private static final String LEPTON_TOKEN = "bearer lep_";

    /** Decides whether an upgrade request may have a socket, and to which deployment's replicas; throws to refuse it. */
    @FunctionalInterface
    public interface Admission {
        ReplicaPool admit(Context upgrade, Optional<String> authorization) throws InterruptedException;
    }

    private final GatewayConfig config;
    private final Admission admission;
    private final HttpClient client;

    public WebSocketRelay(GatewayConfig config, Admission admission) {
        this.config = requireNonNull(config, "config is null");
        this.admission = requireNonNull(admission, "admission is null");
        this.client = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    /**
     * The credentials an upgrade request carries: its {@code Authorization} header, or else its {@code token} query
     * parameter as a bearer token.
     */
    public static Optional<String> authorization(Context upgrade) {
        return Optional.ofNullable(upgrade.header("Authorization"))
                .or(() -> Optional.ofNullable(upgrade.queryParam("token")).filter(t -> !t.isBlank()).map(t -> "Bearer " + t));
    }

    /**
     * Runs on the client's upgrade request, before it is answered: admits it and opens the replica's socket, at the
     * path the route's {@code <rest>} matched (or {@code /}). What it throws refuses the upgrade with the error's status.
     */
    public void upgrade(Context upgrade) throws InterruptedException {
        if (upgrade.attribute(LINK) != null) {
            return; // a second route matching the same path (a trailing slash): one replica socket is enough
        }
        ReplicaPool pool = admission.admit(upgrade, authorization(upgrade));
        String rest = upgrade.pathParamMap().get("rest");
        WebSocketLink link = connect(upgrade, pool, "/" + (rest == null ? "" : rest));
        upgrade.attribute(LINK, link);
        // The client is told the subprotocol the replica chose, or none (Javalin offers the client's first by default).
        upgrade.res().setHeader("Sec-WebSocket-Protocol", link.subprotocol().isEmpty() ? null : link.subprotocol());
        CompletableFuture.delayedExecutor(ATTACH_WITHIN.toMillis(), TimeUnit.MILLISECONDS).execute(link::abandonUnlessAttached);
    }

    /** The client's socket, once upgraded: its events go to its link to the replica. */
    public void socket(WsConfig ws) {
        ws.onConnect(ctx -> link(ctx).attach(ctx.session));
        ws.onMessage(ctx -> link(ctx).fromClient(replica -> replica.sendText(ctx.message(), true)));
        ws.onBinaryMessage(ctx -> link(ctx).fromClient(replica -> replica.sendBinary(ctx.data(), true)));
        ws.onClose(ctx -> link(ctx).clientClosed(ctx.status(), Optional.ofNullable(ctx.reason()).orElse("")));
        ws.onError(ctx -> link(ctx).clientFailed(ctx.error()));
    }

    private static WebSocketLink link(WsContext ctx) {
        return requireNonNull(ctx.attribute(LINK), "a relayed socket without its link to a replica");
    }

    private WebSocketLink connect(Context upgrade, ReplicaPool pool, String path) throws InterruptedException {
        Set<String> refused = new HashSet<>();
        while (true) {
            ReplicaPool.Backend backend = pool.acquireWaiting(config.holdTimeout(), config.maxHeld(), refused);
            Replica replica = backend.replica();
            pool.meter().started();
            WebSocketLink link = new WebSocketLink(pool, backend, config.responseTimeout());
            URI target = webSocketUri(replica.base().resolve(path + query(upgrade)));
            CompletableFuture<WebSocket> opening = builder(upgrade).buildAsync(target, link);
            try {
                link.opened(opening.get(config.connectTimeout().plus(config.responseTimeout()).toMillis(), TimeUnit.MILLISECONDS));
                log.atDebug().setMessage("relaying a WebSocket").addKeyValue("deployment", pool.deployment()).addKeyValue("replica", replica.id())
                        .addKeyValue("path", path).log();
                return link;
            } catch (ExecutionException e) {
                link.end();
                if (e.getCause() instanceof ConnectException || e.getCause() instanceof HttpConnectTimeoutException) {
                    log.atInfo().setMessage("replica refused a WebSocket connection; trying another").addKeyValue("deployment", pool.deployment())
                            .addKeyValue("replica", replica.id()).addKeyValue("cause", e.getCause().toString()).log();
                    refused.add(replica.id());
                    continue;
                }
                throw new LeptonException(ErrorCode.REPLICA_FAILED, "deployment " + pool.deployment() + ": replica " + replica.id()
                        + (e.getCause() instanceof WebSocketHandshakeException refusal
                                ? " answered the WebSocket upgrade with HTTP " + refusal.getResponse().statusCode()
                                : " failed the WebSocket upgrade: " + e.getCause()));
            } catch (TimeoutException e) {
                abandon(opening, link);
                throw new LeptonException(ErrorCode.REPLICA_FAILED, "deployment " + pool.deployment() + ": replica " + replica.id()
                        + " did not answer the WebSocket upgrade within " + config.connectTimeout().plus(config.responseTimeout()));
            } catch (InterruptedException e) {
                abandon(opening, link);
                throw e;
            }
        }
    }

    private static void abandon(CompletableFuture<WebSocket> opening, WebSocketLink link) {
        opening.whenComplete((socket, failure) -> {
            if (socket != null) {
                socket.abort();
            }
        });
        link.end();
    }

    private WebSocket.Builder builder(Context upgrade) {
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(config.connectTimeout());
        for (String name : Collections.list(upgrade.req().getHeaderNames())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (NOT_FORWARDED.contains(lower) || lower.startsWith("sec-websocket-") || lower.startsWith("x-forwarded-")) {
                continue;
            }
            for (String value : Collections.list(upgrade.req().getHeaders(name))) {
                if (!(lower.equals("authorization") && value.toLowerCase(Locale.ROOT).startsWith(LEPTON_TOKEN))) {
                    builder.header(name, value);
                }
            }
        }
        String forwardedFor = upgrade.header("X-Forwarded-For");
        builder.header("X-Forwarded-For", (forwardedFor == null ? "" : forwardedFor + ", ") + upgrade.ip());
        builder.header("X-Forwarded-Proto", upgrade.scheme().equals("https") ? "wss" : "ws");
        if (upgrade.host() != null) {
            builder.header("X-Forwarded-Host", upgrade.host());
        }
        List<String> subprotocols = Collections.list(upgrade.req().getHeaders("Sec-WebSocket-Protocol")).stream()
                .flatMap(value -> Arrays.stream(value.split(","))).map(String::trim).filter(p -> !p.isEmpty()).toList();
        if (!subprotocols.isEmpty()) {
            builder.subprotocols(subprotocols.getFirst(), subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
        }
        return builder;
    }

    /** The upgrade's query without the Lepton token it may carry, with its {@code ?}; empty when nothing is left. */
    private static String query(Context upgrade) {
        String query = upgrade.queryString();
        if (query == null) {
            return "";
        }
        String kept = Arrays.stream(query.split("&")).filter(p -> !p.equals("token") && !p.startsWith("token=")).collect(Collectors.joining("&"));
        return kept.isEmpty() ? "" : "?" + kept;
    }

    private static URI webSocketUri(URI http) {
        return URI.create((http.getScheme().equals("https") ? "wss" : "ws") + http.toString().substring(http.getScheme().length()));
    }
}
