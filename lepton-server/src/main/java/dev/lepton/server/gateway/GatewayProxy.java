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
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
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
public final class GatewayProxy implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GatewayProxy.class);
    /** RFC 9110 §7.6.1's hop-by-hop headers: they stay on their hop. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection",
            "te", "trailer", "transfer-encoding", "upgrade", "http2-settings");
    /** Request headers the client sets itself. */
    private static final Set<String> SET_BY_CLIENT = Set.of("host", "content-length", "expect");
    private static final String LEPTON_TOKEN = "bearer lep_";

    private final HttpClient client;
    private final GatewayConfig config;

    /**
     * The replicas are reached with Jetty's own client (the server's Jetty): pooled connections and no hand-off between
     * threads per request. The JDK's client cost about 1.3 ms of CPU per proxied request and answered a third of nginx's
     * rate at 32 connections (docs/benchmarks.md, Serving).
     */
    public GatewayProxy(GatewayConfig config) {
        this.config = requireNonNull(config, "config is null");
        this.client = new HttpClient();
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("gateway-client");
        threads.setDaemon(true);
        client.setExecutor(threads);
        client.setScheduler(new ScheduledExecutorScheduler("gateway-client-timer", true));
        client.setConnectTimeout(config.connectTimeout().toMillis());
        client.setFollowRedirects(false);
        client.setUserAgentField(null);
        // Answers pass through as the replica encoded them: nothing is decompressed on the way.
        client.getContentDecoderFactories().clear();
        client.setMaxConnectionsPerDestination(1_024);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the gateway's HTTP client", e);
        }
    }

    /** Stops the client: connections to replicas close. */
    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            log.atWarn().setMessage("the gateway's HTTP client did not stop cleanly").setCause(e).log();
        }
    }

    public GatewayConfig config() {
        return config;
    }

    /**
     * Sends {@code ctx}'s request to one of {@code pool}'s replicas at {@code path} (with its query) and relays the answer;
     * {@code answering} is told which replica answers before its answer is relayed, so it may still set response headers.
     */
    public void forward(Context ctx, ReplicaPool pool, String path, Consumer<Replica> answering) throws InterruptedException {
        byte[] body = ctx.bodyAsBytes();
        Set<String> refused = new HashSet<>();
        while (true) {
            ReplicaPool.Backend backend = pool.acquire(config.holdTimeout(), config.maxHeld(), refused);
            Replica replica = backend.replica();
            pool.meter().started();
            try {
                InputStreamResponseListener answer = new InputStreamResponseListener();
                request(ctx, replica, path, body).send(answer);
                Response response = answer.get(config.responseTimeout().toMillis(), TimeUnit.MILLISECONDS);
                answering.accept(replica);
                relay(ctx, pool, replica, response, answer.getInputStream());
                return;
            } catch (ExecutionException e) {
                if (!neverSent(e.getCause())) {
                    throw new LeptonException(ErrorCode.REPLICA_FAILED, "deployment " + pool.deployment() + ": replica " + replica.id()
                            + " failed to answer: " + message(e.getCause()));
                }
                log.atInfo().setMessage("replica refused a connection; trying another").addKeyValue("deployment", pool.deployment())
                        .addKeyValue("replica", replica.id()).addKeyValue("cause", e.getCause().toString()).log();
                refused.add(replica.id());
            } catch (TimeoutException e) {
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

    /** A refused connection, or one that timed out connecting: the request never left, so another replica may take it. */
    private static boolean neverSent(Throwable cause) {
        return cause instanceof ConnectException
                || (cause instanceof SocketTimeoutException || cause instanceof TimeoutException)
                && String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT).contains("connect");
    }

    private static String message(Throwable cause) {
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    private Request request(Context ctx, Replica replica, String path, byte[] body) {
        String query = ctx.queryString();
        URI target = replica.base().resolve(path + (query == null ? "" : "?" + query));
        Request request = client.newRequest(target).method(ctx.method().name()).idleTimeout(config.responseTimeout().toMillis(), TimeUnit.MILLISECONDS);
        if (body.length > 0) {
            request.body(new BytesRequestContent(ctx.contentType(), body));
        }
        request.headers(headers -> {
            for (String name : Collections.list(ctx.req().getHeaderNames())) {
                String lower = name.toLowerCase(Locale.ROOT);
                if (HOP_BY_HOP.contains(lower) || SET_BY_CLIENT.contains(lower)) {
                    continue;
                }
                for (String value : Collections.list(ctx.req().getHeaders(name))) {
                    if (!(lower.equals("authorization") && value.toLowerCase(Locale.ROOT).startsWith(LEPTON_TOKEN))) {
                        headers.add(name, value);
                    }
                }
            }
            String forwardedFor = ctx.header("X-Forwarded-For");
            headers.put("X-Forwarded-For", (forwardedFor == null ? "" : forwardedFor + ", ") + ctx.ip());
            headers.put("X-Forwarded-Proto", ctx.scheme());
            if (ctx.host() != null) {
                headers.put("X-Forwarded-Host", ctx.host());
            }
        });
        return request;
    }

    private static void relay(Context ctx, ReplicaPool pool, Replica replica, Response answer, InputStream body) throws IOException {
        HttpServletResponse response = ctx.res();
        response.setStatus(answer.getStatus());
        Set<String> set = new HashSet<>();
        for (HttpField header : answer.getHeaders()) {
            String name = header.getName();
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                // Set, then add: the replica's Content-Type replaces the one the server would have given.
                if (set.add(name.toLowerCase(Locale.ROOT))) {
                    response.setHeader(name, header.getValue());
                } else {
                    response.addHeader(name, header.getValue());
                }
            }
        }
        // Closing the replica's body on the way out also stops it when the client has gone (a model streaming tokens stops).
        // An answer of unknown length may be a stream (server-sent events, tokens): each chunk is flushed as it comes. One
        // whose length is known goes out as the server's buffer fills, in as few writes as it takes.
        boolean stream = answer.getHeaders().get(HttpHeader.CONTENT_LENGTH) == null;
        try (InputStream in = body) {
            OutputStream out = response.getOutputStream();
            if (stream) {
                // Headers go out at once: a client waiting on a stream sees it open before its first event.
                response.flushBuffer();
            }
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
                    if (stream) {
                        out.flush();
                    }
                } catch (IOException e) {
                    log.atDebug().setMessage("the client went away before the answer ended").addKeyValue("deployment", pool.deployment()).log();
                    return;
                }
            }
        }
    }

}
