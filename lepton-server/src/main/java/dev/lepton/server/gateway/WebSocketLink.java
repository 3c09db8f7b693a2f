package dev.lepton.server.gateway;

import static java.util.Objects.requireNonNull;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's WebSocket joined to one replica's: the listener of the replica's socket (the JDK's client) and the sink
 * of the client's (Jetty's session). Each direction has backpressure: the replica's next message is asked for once the
 * last one went out to the client, and a client's message is handed on once the replica took the one before. The link
 * ends once, on the first close or failure of either side, and then gives its replica back to the pool.
 */
final class WebSocketLink implements WebSocket.Listener {
    private static final Logger log = LoggerFactory.getLogger(WebSocketLink.class);
    private static final int NORMAL = 1000;
    private static final int GOING_AWAY = 1001;
    private static final int NO_STATUS = 1005;
    private static final int SERVER_ERROR = 1011;
    /** How long a replica has to answer a close the gateway passed on before its connection is dropped. */
    private static final long CLOSE_GRACE_MILLIS = 5_000;

    private final ReplicaPool pool;
    private final ReplicaPool.Backend backend;
    private final Duration sendTimeout;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile WebSocket replica;
    private volatile Session client;

    WebSocketLink(ReplicaPool pool, ReplicaPool.Backend backend, Duration sendTimeout) {
        this.pool = requireNonNull(pool, "pool is null");
        this.backend = requireNonNull(backend, "backend is null");
        this.sendTimeout = requireNonNull(sendTimeout, "sendTimeout is null");
    }

    /** The replica accepted the socket. */
    void opened(WebSocket socket) {
        replica = socket;
    }

    String subprotocol() {
        return replica.getSubprotocol();
    }

    // The replica's side: events of the JDK's WebSocket client.

    @Override
    public void onOpen(WebSocket socket) {
        replica = socket; // and no request(1): the replica's messages wait until the client's socket is open
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
        String text = data.toString();
        return toClient(socket, sent -> client.sendPartialText(text, last, sent));
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
        return toClient(socket, sent -> client.sendPartialBinary(data, last, sent));
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
        if (end()) {
            if (code == NO_STATUS) {
                closeClient(NORMAL, reason);
            } else if (transmittableByServer(code)) {
                closeClient(code, reason);
            } else {
                closeClient(SERVER_ERROR, "the replica's socket ended with " + code + (reason.isEmpty() ? "" : " (" + reason + ")"));
            }
        }
        return null; // the JDK answers the replica's close at once
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
        if (end()) {
            log.atInfo().setMessage("a replica's WebSocket failed; the client's is closed").addKeyValue("deployment", pool.deployment())
                    .addKeyValue("replica", backend.replica().id()).addKeyValue("cause", error.toString()).log();
            closeClient(SERVER_ERROR, "the replica failed");
        }
    }

    /** The replica's data may be reused once the client has it: the stage completes then, and the next message is asked for. */
    private CompletionStage<?> toClient(WebSocket socket, Consumer<Callback> send) {
        CompletableFuture<Void> delivered = new CompletableFuture<>();
        send.accept(Callback.from(() -> {
            delivered.complete(null);
            socket.request(1);
        }, failure -> {
            delivered.complete(null);
            clientFailed(failure);
        }));
        return delivered;
    }

    // The client's side: events of Jetty's session, delivered one at a time.

    void attach(Session session) {
        session.setIdleTimeout(WebSocketRelay.IDLE_TIMEOUT);
        session.setMaxTextMessageSize(WebSocketRelay.MAX_MESSAGE_BYTES);
        session.setMaxBinaryMessageSize(WebSocketRelay.MAX_MESSAGE_BYTES);
        client = session;
        if (ended.get()) {
            closeClient(SERVER_ERROR, "the replica's socket closed before this one opened");
            return;
        }
        replica.request(1);
    }

    /** Hands a client's message to the replica and waits until it took it: the client's next waits meanwhile. */
    void fromClient(Function<WebSocket, CompletableFuture<WebSocket>> send) throws InterruptedException {
        if (ended.get()) {
            return;
        }
        try {
            send.apply(replica).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            if (end()) {
                log.atInfo().setMessage("a replica did not take a client's WebSocket message; both sockets are closed")
                        .addKeyValue("deployment", pool.deployment()).addKeyValue("replica", backend.replica().id())
                        .addKeyValue("cause", e instanceof ExecutionException ? e.getCause().toString() : "no room within " + sendTimeout).log();
                replica.abort();
                closeClient(SERVER_ERROR, "the replica failed");
            }
        }
    }

    void clientClosed(int code, String reason) {
        if (end()) {
            closeReplica(code == NO_STATUS ? NORMAL : sendableByClient(code) ? code : GOING_AWAY, reason);
        }
    }

    void clientFailed(Throwable error) {
        if (end()) {
            log.atDebug().setMessage("a client's WebSocket failed; the replica's is closed").addKeyValue("deployment", pool.deployment())
                    .addKeyValue("cause", error.toString()).log();
            closeReplica(GOING_AWAY, "the client went away");
        }
    }

    /** The client never completed its upgrade: the replica's socket is let go. */
    void abandonUnlessAttached() {
        if (client == null && end()) {
            log.atInfo().setMessage("a client's WebSocket upgrade did not complete; the replica's socket is closed")
                    .addKeyValue("deployment", pool.deployment()).addKeyValue("replica", backend.replica().id()).log();
            closeReplica(GOING_AWAY, "the client's upgrade did not complete");
        }
    }

    /** Ends the link, once: true for the caller that did, who closes the other side. The replica goes back to the pool. */
    boolean end() {
        if (!ended.compareAndSet(false, true)) {
            return false;
        }
        pool.release(backend);
        pool.meter().ended();
        return true;
    }

    private void closeClient(int code, String reason) {
        Session session = client;
        if (session != null && session.isOpen()) {
            session.close(code, reason, Callback.NOOP);
        }
    }

    private void closeReplica(int code, String reason) {
        WebSocket socket = replica;
        if (socket == null) {
            return;
        }
        // A replica that does not answer the close in time has its connection dropped.
        socket.sendClose(code, reason).orTimeout(CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS).whenComplete((done, failure) -> {
            if (failure != null) {
                socket.abort();
            }
        });
        CompletableFuture.delayedExecutor(CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS).execute(() -> {
            if (!socket.isInputClosed()) {
                socket.abort();
            }
        });
    }

    /** Codes the JDK lets a client send: not those only a server or the protocol itself may use (RFC 6455 §7.4). */
    static boolean sendableByClient(int code) {
        return code == NORMAL || code == GOING_AWAY || code == 1008 || code == SERVER_ERROR || (code >= 3000 && code <= 4999);
    }

    /** Codes a server may put in a close frame. */
    static boolean transmittableByServer(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1013 && code != 1010) || (code >= 3000 && code <= 4999);
    }
}
