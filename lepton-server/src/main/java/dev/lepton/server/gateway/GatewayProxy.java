package dev.lepton.server.gateway;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards one request to a deployment's replica and streams the answer back as it arrives: each chunk
 * is flushed to the client as the replica sends it, so server-sent events and chunked bodies (a model
 * streaming tokens) pass through unchanged. A replica that refuses the connection is left out and the
 * next one tried; one that fails after taking the request is not (the request may not be safe to repeat),
 * and the client gets a 502. Hop-by-hop headers stay on their hop, and a Lepton token the gateway checked
 * never reaches the replica.
 */
public final class GatewayProxy {
    private static final Logger log = LoggerFactory.getLogger(GatewayProxy.class);
    /** RFC 9110 §7.6.1's hop-by-hop headers: they stay on their hop. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection",
            "te", "trailer", "transfer-encoding", "upgrade", "http2-settings");
    /** Request headers the JDK's client sets itself. */
    private static final Set<String> SET_BY_CLIENT = Set.of("host", "content-length", "expect");
    private static final String LEPTON_TOKEN = "bearer lep_";

    private final HttpClient client;
    private final GatewayConfig config;

    public GatewayProxy(GatewayConfig config) {
        this.config = requireNonNull(config, "config is null");
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    public GatewayConfig config() {
        return config;
    }

    /** Sends {@code ctx}'s request to one of {@code pool}'s replicas at {@code path} (with its query) and relays the answer. */
    public void forward(Context ctx, ReplicaPool pool, String path) throws InterruptedException {
        forward(ctx, pool, path, replica -> { });
    }

    /**
     * As {@link #forward(Context, ReplicaPool, String)}; {@code answering} is told which replica answers before its answer is
     * relayed, so it may still set response headers.
     */
    public void forward(Context ctx, ReplicaPool pool, String path, Consumer<Replica> answering) throws InterruptedException {
        byte[] body = ctx.bodyAsBytes();
        Set<String> refused = new HashSet<>();
        while (true) {
            ReplicaPool.Backend backend = pool.acquire(config.holdTimeout(), config.maxHeld(), refused);
            Replica replica = backend.replica();
            pool.meter().started();
            try {
                HttpResponse<InputStream> answer = client.send(request(ctx, replica, path, body), HttpResponse.BodyHandlers.ofInputStream());
                answering.accept(replica);
                relay(ctx, pool, replica, answer);
                return;
            } catch (ConnectException | HttpConnectTimeoutException e) {
                log.atInfo().setMessage("replica refused a connection; trying another").addKeyValue("deployment", pool.deployment())
                        .addKeyValue("replica", replica.id()).addKeyValue("cause", e.toString()).log();
                refused.add(replica.id());
            } catch (HttpTimeoutException e) {
                throw new LeptonException(ErrorCode.REPLICA_FAILED, "deployment " + pool.deployment() + ": replica " + replica.id()
                        + " did not start answering within " + config.responseTimeout());
            } catch (IOException e) {
                throw new LeptonException(ErrorCode.REPLICA_FAILED, "deployment " + pool.deployment() + ": replica " + replica.id()
                        + " failed to answer: " + e.getMessage());
            } finally {
                pool.release(backend);
                pool.meter().ended();
            }
        }
    }

    private HttpRequest request(Context ctx, Replica replica, String path, byte[] body) {
        String query = ctx.queryString();
        URI target = replica.base().resolve(path + (query == null ? "" : "?" + query));
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(config.responseTimeout())
                .method(ctx.method().name(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (String name : Collections.list(ctx.req().getHeaderNames())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(lower) || SET_BY_CLIENT.contains(lower)) {
                continue;
            }
            for (String value : Collections.list(ctx.req().getHeaders(name))) {
                if (!(lower.equals("authorization") && value.toLowerCase(Locale.ROOT).startsWith(LEPTON_TOKEN))) {
                    request.header(name, value);
                }
            }
        }
        String forwardedFor = ctx.header("X-Forwarded-For");
        request.setHeader("X-Forwarded-For", (forwardedFor == null ? "" : forwardedFor + ", ") + ctx.ip());
        request.setHeader("X-Forwarded-Proto", ctx.scheme());
        if (ctx.host() != null) {
            request.setHeader("X-Forwarded-Host", ctx.host());
        }
        return request.build();
    }

    private static void relay(Context ctx, ReplicaPool pool, Replica replica, HttpResponse<InputStream> answer) throws IOException {
        HttpServletResponse response = ctx.res();
        response.setStatus(answer.statusCode());
        for (Map.Entry<String, List<String>> header : answer.headers().map().entrySet()) {
            String name = header.getKey();
            if (!name.startsWith(":") && !HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                // Set, then add: the replica's Content-Type replaces the one the server would have given.
                List<String> values = header.getValue();
                response.setHeader(name, values.getFirst());
                values.stream().skip(1).forEach(value -> response.addHeader(name, value));
            }
        }
        // Closing the replica's body on the way out also stops it when the client has gone (a model streaming tokens stops).
        try (InputStream in = answer.body()) {
            OutputStream out = response.getOutputStream();
            // Headers go out at once: a client waiting on a stream sees it open before its first event.
            response.flushBuffer();
            byte[] buffer = new byte[16 * 1024];
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    // The status is sent: the client must see the answer end short, not complete.
                    log.atWarn().setMessage("a replica's answer broke off; the client's connection is closed short").addKeyValue("deployment", pool.deployment())
                            .addKeyValue("replica", replica.id()).addKeyValue("cause", e.toString()).log();
                    ServletContextRequest.getServletContextRequest(ctx.req()).getServletChannel().abort(e);
                    return;
                }
                if (n < 0) {
                    return;
                }
                try {
                    out.write(buffer, 0, n);
                    out.flush();
                } catch (IOException e) {
                    log.atDebug().setMessage("the client went away before the answer ended").addKeyValue("deployment", pool.deployment()).log();
                    return;
                }
            }
        }
    }

}
