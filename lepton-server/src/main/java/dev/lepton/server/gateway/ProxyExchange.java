package dev.lepton.server.gateway;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;
import org.eclipse.jetty.util.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request through the gateway, from its body to the last byte of its answer, as a chain of callbacks: the body read
 * by demand ({@link RequestBody}), a replica acquired (at once, or later when the request is held while one starts), the
 * request sent, and the answer relayed chunk by chunk ({@link Relay}). A refused connection sends the same body to the
 * next replica ({@link Attempt}). The replica's outstanding count and the load meter are given back once per attempt,
 * however it ends, and the client's callback completes once.
 */
final class ProxyExchange {
    private static final Logger log = LoggerFactory.getLogger(ProxyExchange.class);

    private final GatewayProxy proxy;
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final ReplicaPool pool;
    private final String path;
    private final long maxBodyBytes;
    private final Consumer<Replica> answering;
    private final Set<String> refused = new HashSet<>();
    private volatile RequestBody body;
    /** Why the client's side ended early (its connection closed, its stream reset), once it has. */
    private volatile Throwable clientGone;
    private volatile CompletableFuture<ReplicaPool.Backend> held;
    private volatile Attempt current;
    private volatile Relay relay;

    ProxyExchange(GatewayProxy proxy, Request request, Response response, Callback callback, ReplicaPool pool, String path, long maxBodyBytes,
                  Consumer<Replica> answering) {
        this.proxy = proxy;
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.pool = pool;
        this.path = path;
        this.maxBodyBytes = maxBodyBytes;
        this.answering = answering;
    }

    void start() {
        request.addFailureListener(this::clientFailed);
        request.addIdleTimeoutListener(this::failOnIdleTimeout);
        RequestBody.read(request, maxBodyBytes, new Promise<>() {
            @Override
            public void succeeded(RequestBody read) {
                body = read;
                acquire();
            }

            @Override
            public void failed(Throwable failure) {
                callback.failed(failure);
            }
        });
    }

    /** Jetty saw the client's side fail (an HTTP/2 stream reset, a connection closed under a write): stop what is under way. */
    private void clientFailed(Throwable failure) {
        clientGone = failure;
        CompletableFuture<ReplicaPool.Backend> waiting = held;
        if (waiting != null) {
            waiting.completeExceptionally(failure);
        }
        Attempt attempt = current;
        if (attempt != null) {
            attempt.upstream.abort(failure);
        }
    }

    /**
     * Whether the client's connection's idle timeout ends the request: while the gateway waits on the client (for its body,
     * or for it to take a write), yes; while it waits on a replica (held while one starts, or for its answer), no: the
     * gateway's own limits apply then (the hold, the response timeout, the idle timeout towards the replica), as they did
     * when a servlet thread waited.
     */
    private boolean failOnIdleTimeout(TimeoutException timeout) {
        Relay relaying = relay;
        return body == null || relaying != null && relaying.writing;
    }

    private void acquire() {
        CompletableFuture<ReplicaPool.Backend> chosen = pool.acquire(proxy.config().holdTimeout(), proxy.config().maxHeld(), refused);
        if (chosen.isDone()) {
            acquired(chosen);
            return;
        }
        // Held while a replica starts: the pool completes the future on the thread that saw one become ready; the request
        // goes on, on the client's threads, when it does.
        held = chosen;
        if (clientGone != null) {
            chosen.completeExceptionally(clientGone);
        }
        chosen.whenCompleteAsync((backend, failure) -> acquired(chosen), proxy.executor());
    }

    private void acquired(CompletableFuture<ReplicaPool.Backend> chosen) {
        held = null;
        ReplicaPool.Backend backend;
        try {
            backend = chosen.join();
        } catch (CompletionException e) {
            end(e.getCause());
            return;
        }
        new Attempt(backend).send();
    }

    /** The exchange is over: the body's buffers go back, and the client's callback completes. */
    private void end(Throwable failure) {
        if (body != null) {
            body.release();
        }
        if (failure == null) {
            callback.succeeded();
        } else {
            callback.failed(failure);
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

    /**
     * The request sent to one replica, and its answer. The replica has the response timeout to begin answering: it is the
     * request's idle timeout towards the replica (which also ends an answer that stalls that long), so no timer is set and
     * cancelled per request.
     */
    private final class Attempt implements org.eclipse.jetty.client.Response.Listener {
        private final ReplicaPool.Backend backend;
        private final org.eclipse.jetty.client.Request upstream;
        private final AtomicBoolean ended = new AtomicBoolean();
        /** The replica's status and headers have come. */
        private volatile boolean headersCame;
        private volatile boolean relaying;

        Attempt(ReplicaPool.Backend backend) {
            this.backend = backend;
            this.upstream = proxy.newRequest(request, backend.replica(), path, body.buffers());
        }

        void send() {
            pool.meter().started();
            current = this;
            if (clientGone != null) {
                upstream.abort(clientGone);
            }
            upstream.send(this);
        }

        @Override
        public void onHeaders(org.eclipse.jetty.client.Response answer) {
            headersCame = true;
            response.setStatus(answer.getStatus());
            GatewayProxy.copyResponseHeaders(answer.getHeaders(), response.getHeaders());
            answering.accept(backend.replica());
        }

        @Override
        public void onContentSource(org.eclipse.jetty.client.Response answer, Content.Source content) {
            relaying = true;
            // An answer of unknown length may be a stream (server-sent events, tokens): its headers go out at once, so that a
            // client waiting on it sees it open before its first event.
            relay = new Relay(this, content, !answer.getHeaders().contains(HttpHeader.CONTENT_LENGTH));
            relay.iterate();
        }

        @Override
        public void onComplete(Result result) {
            if (!headersCame) {
                failedBeforeAnswer(result.getFailure());
            } else if (!relaying) {
                // An answer with no content to read: it ends here.
                if (result.isSucceeded()) {
                    response.write(true, BufferUtil.EMPTY_BUFFER, Callback.from(() -> end(null), this::end));
                } else {
                    end(result.getFailure());
                }
            }
            // Otherwise the relay reads the answer to its end, or to its failure, and ends the attempt.
        }

        private void failedBeforeAnswer(Throwable failure) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            giveBack();
            String replica = backend.replica().id();
            if (clientGone != null) {
                ProxyExchange.this.end(clientGone);
            } else if (failure instanceof TimeoutException && !neverSent(failure)) {
                ProxyExchange.this.end(new LeptonException(ErrorCode.REPLICA_FAILED, "deployment " + pool.deployment() + ": replica " + replica
                        + " did not start answering within " + proxy.config().responseTimeout()));
            } else if (neverSent(failure)) {
                log.atInfo().setMessage("replica refused a connection; trying another").addKeyValue("deployment", pool.deployment())
                        .addKeyValue("replica", replica).addKeyValue("cause", failure.toString()).log();
                refused.add(replica);
                acquire();
            } else {
                ProxyExchange.this.end(new LeptonException(ErrorCode.REPLICA_FAILED, "deployment " + pool.deployment() + ": replica " + replica
                        + " failed to answer: " + message(failure)));
            }
        }

        /** The answer is relayed whole ({@code failure} null), or ended short. */
        void end(Throwable failure) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            giveBack();
            if (failure != null) {
                upstream.abort(failure);
                if (clientGone == null && !response.isCommitted()) {
                    // Its headers came, its answer did not: nothing has gone to the client yet, so it can still be told why.
                    failure = new LeptonException(ErrorCode.REPLICA_FAILED, "deployment " + pool.deployment() + ": replica "
                            + backend.replica().id() + " failed to answer: " + message(failure));
                }
            }
            ProxyExchange.this.end(failure);
        }

        private void giveBack() {
            current = null;
            pool.release(backend);
            pool.meter().ended();
        }
    }

    /**
     * Copies the replica's answer to the client a chunk at a time: each chunk is written as it was read (no copy), released
     * once written, and the next one read only then, so a slow client slows the replica down rather than filling memory.
     */
    private final class Relay extends IteratingCallback {
        private final Attempt attempt;
        private final Content.Source content;
        private boolean commitFirst;
        private Content.Chunk written;
        private boolean last;
        /** The replica's answer broke off (its failure), as opposed to the client's write failing. */
        private Throwable replicaFailure;
        /** A write to the client is under way: the client, not the replica, is being waited for. */
        private volatile boolean writing;

        Relay(Attempt attempt, Content.Source content, boolean commitFirst) {
            this.attempt = attempt;
            this.content = content;
            this.commitFirst = commitFirst;
        }

        @Override
        protected Action process() throws Throwable {
            writing = false;
            if (written != null) {
                written.release();
                written = null;
            }
            if (commitFirst) {
                commitFirst = false;
                writing = true;
                response.write(false, BufferUtil.EMPTY_BUFFER, this);
                return Action.SCHEDULED;
            }
            if (last) {
                return Action.SUCCEEDED;
            }
            Content.Chunk chunk = content.read();
            if (chunk == null) {
                content.demand(this::iterate);
                return Action.IDLE;
            }
            if (Content.Chunk.isFailure(chunk)) {
                replicaFailure = chunk.getFailure();
                throw replicaFailure;
            }
            written = chunk;
            last = chunk.isLast();
            writing = true;
            response.write(last, chunk.getByteBuffer(), this);
            return Action.SCHEDULED;
        }

        @Override
        protected void onCompleteSuccess() {
            attempt.end(null);
        }

        @Override
        protected void onCompleteFailure(Throwable failure) {
            if (written != null) {
                written.release();
                written = null;
            }
            if (replicaFailure != null && clientGone == null) {
                // The status is sent: the client must see the answer end short, not complete.
                log.atWarn().setMessage("a replica's answer broke off; the client's connection is closed short").addKeyValue("deployment", pool.deployment())
                        .addKeyValue("replica", attempt.backend.replica().id()).addKeyValue("cause", failure.toString()).log();
            } else {
                log.atDebug().setMessage("the client went away before the answer ended").addKeyValue("deployment", pool.deployment()).log();
            }
            attempt.end(failure);
        }
    }
}
