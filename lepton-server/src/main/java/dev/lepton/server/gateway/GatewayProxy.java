package dev.lepton.server.gateway;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.client.ByteBufferRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards one request to a deployment's replica and streams the answer back as it arrives: each chunk
 * is written to the client as the replica sends it, so server-sent events and chunked bodies (a model
 * streaming tokens) pass through unchanged. A replica that refuses the connection is left out and the
 * next one tried; one that fails after taking the request is not (the request may not be safe to repeat),
 * and the client gets a 502. Hop-by-hop headers stay on their hop, and a Lepton token the gateway checked
 * never reaches the replica.
 *
 * <p>Nothing here blocks a thread: the request is Jetty's core {@link Request}, its body read by demand, the replica's
 * answer written to the core {@link Response} chunk by chunk, each write's callback asking the replica for the next
 * ({@link ProxyExchange}). A thread blocked on each proxied request cost a hand-off between Jetty's selector and that
 * thread on every read and write (docs/benchmarks.md, Gateway overhead).
 */
public final class GatewayProxy implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GatewayProxy.class);
    /** The header every answer through the gateway carries: the revision that answered, a dot, a UUID. */
    public static final String PREDICTION_ID = "X-Lepton-Prediction-Id";
    /** RFC 9110 §7.6.1's hop-by-hop headers: they stay on their hop. */
    static final Set<HttpHeader> HOP_BY_HOP = EnumSet.of(HttpHeader.CONNECTION, HttpHeader.KEEP_ALIVE, HttpHeader.PROXY_AUTHENTICATE,
            HttpHeader.PROXY_AUTHORIZATION, HttpHeader.PROXY_CONNECTION, HttpHeader.TE, HttpHeader.TRAILER, HttpHeader.TRANSFER_ENCODING,
            HttpHeader.UPGRADE, HttpHeader.HTTP2_SETTINGS);
    /** Request headers the client sets itself. */
    private static final Set<HttpHeader> SET_BY_CLIENT = EnumSet.of(HttpHeader.HOST, HttpHeader.CONTENT_LENGTH, HttpHeader.EXPECT);
    private static final String LEPTON_TOKEN = "bearer lep_";

    /** The client's threads: its selector, and the replicas' answers relayed on the thread that read them. */
    private static final ThreadGroup THREADS = new ThreadGroup("gateway-client");

    private final HttpClient client;
    private final GatewayConfig config;

    /**
     * The replicas are reached with Jetty's own client (the server's Jetty): pooled connections, and answers read by
     * demand, so that a replica's answer is written on to the client on the thread that read it. The JDK's client cost
     * about 1.3 ms of CPU per proxied request and answered a third of nginx's rate at 32 connections (docs/benchmarks.md,
     * Serving).
     */
    public GatewayProxy(GatewayConfig config) {
        this.config = requireNonNull(config, "config is null");
        this.client = new HttpClient();
        QueuedThreadPool threads = new QueuedThreadPool(200, 8, 60_000, -1, null, THREADS);
        threads.setName("gateway-client");
        threads.setDaemon(true);
        client.setExecutor(threads);
        client.setScheduler(new ScheduledExecutorScheduler("gateway-client-timer", true));
        // An answer is relayed on the thread that read it: nothing in ProxyExchange's listeners blocks.
        client.getHttpClientTransport().setInvocationType(InvocationType.NON_BLOCKING);
        client.setConnectTimeout(config.connectTimeout().toMillis());
        client.setFollowRedirects(false);
        client.setUserAgentField(null);
        // A replica's cookies are its clients', never the gateway's: kept, they would go with every later caller's request.
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.setMaxConnectionsPerDestination(1_024);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the gateway's HTTP client", e);
        }
        // Every answer goes to the client as the replica gave it: no 100-continue, redirect or authentication handling, and
        // nothing decompressed on the way (the client installs its handlers and decoders as it starts).
        client.getProtocolHandlers().clear();
        client.getContentDecoderFactories().clear();
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

    /**
     * Whether the calling thread is one of the gateway client's, which never block: a replica's answer has just been relayed
     * on it when it asks the server to go on reading a client's connection ({@code ServerAssembly.httpThreads}).
     */
    public static boolean onClientThread() {
        return Thread.currentThread().getThreadGroup() == THREADS;
    }

    public GatewayConfig config() {
        return config;
    }

    /**
     * Sends {@code request} to one of {@code pool}'s replicas at {@code path} (its path and query there) and relays the
     * answer to {@code response}; {@code answering} is told which replica answers once its status and headers are on
     * {@code response}, before they are sent, so it may still set headers. Returns at once. {@code callback} then succeeds
     * when the answer has been relayed whole, or fails: with a {@link dev.lepton.core.failure.LeptonException} while
     * nothing has been sent (its code says why: the body over {@code maxBodyBytes}, no replica, the replica failed),
     * with another failure once the answer has begun (it ends short) or the client has gone.
     */
    public void forward(Request request, Response response, Callback callback, ReplicaPool pool, String path, long maxBodyBytes,
                        Consumer<Replica> answering) {
        new ProxyExchange(this, request, response, callback, pool, path, maxBodyBytes, answering).start();
    }

    /**
     * Reads {@code request}'s body to its end and lets it go, for a request answered without a replica; {@code callback}
     * completes when it is read, or fails when it cannot be (over {@code maxBytes}, once read as {@link RequestBody}
     * reads a body over the limit; the client gone).
     */
    public static void discardBody(Request request, long maxBytes, Callback callback) {
        RequestBody.read(request, maxBytes, Promise.from(body -> {
            body.release();
            callback.succeeded();
        }, callback::failed));
    }

    /** The request to the replica: the client's method, path, query, body and headers, less those of its own hop. */
    org.eclipse.jetty.client.Request newRequest(Request from, Replica replica, String path, List<ByteBuffer> body) {
        // From the replica's parsed address, and with its Host header set here: a URI parsed once per request, not three times.
        org.eclipse.jetty.client.Request request = client.newRequest(replica.base()).method(from.getMethod())
                .path(path).idleTimeout(config.responseTimeout().toMillis(), TimeUnit.MILLISECONDS);
        if (!body.isEmpty()) {
            // Slices: a retry on another replica sends the same bytes again.
            ByteBuffer[] slices = new ByteBuffer[body.size()];
            for (int i = 0; i < slices.length; i++) {
                slices[i] = body.get(i).slice();
            }
            request.body(new ByteBufferRequestContent(from.getHeaders().get(HttpHeader.CONTENT_TYPE), slices));
        }
        request.headers(headers -> {
            headers.put(HttpHeader.HOST, replica.base().getRawAuthority());
            copyRequestHeaders(from, headers);
        });
        return request;
    }

    private static void copyRequestHeaders(Request from, HttpFields.Mutable to) {
        for (HttpField field : from.getHeaders()) {
            HttpHeader header = field.getHeader();
            if (header != null && (HOP_BY_HOP.contains(header) || SET_BY_CLIENT.contains(header))) {
                continue;
            }
            if (isLeptonToken(field)) {
                continue;
            }
            to.add(field);
        }
        String forwardedFor = from.getHeaders().get(HttpHeader.X_FORWARDED_FOR);
        String client = Request.getRemoteAddr(from);
        to.put(HttpHeader.X_FORWARDED_FOR, forwardedFor == null ? client : forwardedFor + ", " + client);
        to.put(HttpHeader.X_FORWARDED_PROTO, from.getHttpURI().getScheme());
        String host = from.getHeaders().get(HttpHeader.HOST);
        String authority = host != null ? host : from.getHttpURI().getAuthority();
        if (authority != null) {
            to.put(HttpHeader.X_FORWARDED_HOST, authority);
        }
    }

    /** Whether {@code field} carries a Lepton token, which the gateway checked and which never reaches a replica. */
    static boolean isLeptonToken(HttpField field) {
        return field.getHeader() == HttpHeader.AUTHORIZATION && field.getValue().regionMatches(true, 0, LEPTON_TOKEN, 0, LEPTON_TOKEN.length());
    }

    /**
     * The replica's answer's headers onto the client's response, less the hop-by-hop ones; a header the replica sends
     * replaces those the server set itself (its Date, its Server): the first of each name is put, since Jetty's Date and
     * Server cannot be removed from a response, only overwritten (added beside them, the answer carried two Dates).
     */
    static void copyResponseHeaders(HttpFields from, HttpFields.Mutable to) {
        Set<String> named = new HashSet<>();
        for (HttpField field : from) {
            HttpHeader header = field.getHeader();
            if (header != null && HOP_BY_HOP.contains(header)) {
                continue;
            }
            if (named.add(field.getLowerCaseName())) {
                to.put(field); // the first of its name replaces the server's own
            } else {
                to.add(field);
            }
        }
    }

    Executor executor() {
        return client.getExecutor();
    }
}
