package dev.lepton.server.gateway;

import dev.lepton.api.v1.Problem;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.server.http.ProblemErrorHandler;
import dev.lepton.server.http.Problems;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's HTTP/1.1 connection to the server while its requests are plain ones for a ready replica: each is parsed once
 * to find where it goes, passed to the replica with its hop's headers changed and its body as it came, and the replica's
 * answer passed back as it arrives, on the selector threads that read them. Anything else (the API, a request to hold
 * while a replica starts, a caller only the store can check, an upgrade, a body in chunks or larger than the buffer, a
 * refused connection) hands the connection to Jetty's own {@code HttpConnection}, with that request's bytes, for good.
 *
 * <p>Why: Jetty's server and client parsed and wrote each proxied request and answer twice, and that was most of the
 * gateway's CPU per request beside nginx's (docs/benchmarks.md, Gateway overhead, sixth sitting).
 */
final class ClientRelay extends AbstractConnection.NonBlocking implements Connection.UpgradeFrom, HttpParser.RequestHandler {
    private static final Logger log = LoggerFactory.getLogger(ClientRelay.class);
    /**
     * Room for a request's head and body; a larger request goes to Jetty. Jetty's HTTP/1.1 reads into a buffer of the same
     * size ({@link RelayConnectionFactory}), so that it can take whatever the relay has read when it hands a connection over.
     */
    static final int BUFFER_BYTES = 32 * 1024;

    private final Connector connector;
    private final RelayConnectionFactory relays;
    private final HttpParser parser;
    private final RetainableByteBuffer buffer;
    private final String remoteAddress;
    /**
     * Where this connection is read and written, its replica connections opened and every event of its exchanges run:
     * the connector's endpoints know their selector ({@link GatewayConnector.SelectorEndPoint}).
     */
    private final ManagedSelector selector;
    /** Reads for the relay, as the connection's own read callback does, where a read interest may already be taken. */
    private final Callback reading = Callback.from(InvocationType.NON_BLOCKING, this::onFillable, this::onFillInterestedFailed);

    // The request being read.
    private String method;
    private String uri;
    private HttpVersion version;
    private final List<HttpField> fields = new ArrayList<>();
    /** Something Jetty must see to: a violation, a header that asks for more than a relay. */
    private boolean unusual;
    /** Why the request cannot be read at all, where it cannot. */
    private HttpException bad;
    /** A bad request was answered: what the client still sends is read and dropped until it closes. */
    private boolean closing;
    private String authorization;
    /** The thread deciding the request's route, while it may still answer at once ({@link Routing#route}); null after. */
    private Thread decidingOn;

    /** The request under way, between its relay and its answer's last write; null between requests. */
    private volatile Exchange exchange;

    ClientRelay(Connector connector, EndPoint endPoint, RelayConnectionFactory relays) {
        super(endPoint, connector.getExecutor());
        this.connector = connector;
        this.relays = relays;
        this.parser = new HttpParser(this, relays.getHttpConfiguration().getRequestHeaderSize(), relays.getHttpConfiguration().getHttpCompliance());
        this.buffer = connector.getByteBufferPool().acquire(relays.getInputBufferSize(), true);
        SocketAddress remote = endPoint.getRemoteSocketAddress();
        this.remoteAddress = remote instanceof InetSocketAddress inet && inet.getAddress() != null ? inet.getAddress().getHostAddress() : String.valueOf(remote);
        this.selector = ((GatewayConnector.SelectorEndPoint) endPoint).selector();
    }

    @Override
    public void onOpen() {
        super.onOpen();
        fillInterested();
    }

    @Override
    public void onClose(Throwable cause) {
        super.onClose(cause);
        buffer.release();
        Exchange current = exchange;
        if (current != null) {
            current.failed(cause != null ? cause : new EOFException("the client's connection closed"), true);
        }
    }

    /** Waiting on a replica, the client's connection does not time out: the replica's limits apply, as on Jetty's path. */
    @Override
    public boolean onIdleExpired(TimeoutException timeout) {
        Exchange current = exchange;
        return current == null || current.writing;
    }

    @Override
    public ByteBuffer onUpgradeFrom() {
        return BufferUtil.copy(buffer.getByteBuffer());
    }

    @Override
    public void onFillable() {
        Exchange current = exchange;
        if (current != null) {
            watched(current);
            return;
        }
        try {
            next();
        } catch (Throwable failure) {
            log.atWarn().setMessage("the gateway's relay failed; closing the client's connection").setCause(failure).log();
            getEndPoint().close(failure);
        }
    }

    /**
     * Keeps the client's connection read-interested while the request just sent is under way, where Jetty would stop
     * and start again (two {@code epoll_ctl} calls a request), and so that a client that leaves is noticed at once
     * ({@link #watched}). Only where nothing can hand the connection to Jetty before the answer has been written (which
     * would meet a read interest already taken, and an {@code EndPoint} cannot withdraw one): the request has gone whole
     * to the replica (so it was not handed back) and no bytes follow it. On this selector's thread, as every event that
     * starts or ends an exchange is.
     */
    private void watch() {
        Exchange current = exchange;
        if (current != null && watchable(current)) {
            readOn();
        }
    }

    /** The watch's conditions: {@code current} has gone whole to the replica, and nothing the client sent follows it. */
    private boolean watchable(Exchange current) {
        return current.sent && !buffer.getByteBuffer().hasRemaining();
    }

    /**
     * The client's connection became readable while its request is under way ({@link #watch}). A client that closed it has
     * left: its request is given up at once, as nginx gives it up (499, or its answer cut short; the replica's connection
     * closes, which stops a model server generating for no one). Bytes it sent instead, its next request, wait in the
     * buffer until the answer has been written. Read only under the watch's conditions, on this selector's thread, where
     * every event that starts or ends an exchange runs: the buffer has one owner.
     */
    private void watched(Exchange current) {
        if (!watchable(current)) {
            return; // not the watch's: read once the answer has been written (answered())
        }
        try {
            int filled = getEndPoint().fill(buffer.getByteBuffer());
            if (filled < 0) {
                current.failed(new EOFException("the client closed its connection"), true);
            } else if (filled == 0) {
                readOn();
            }
        } catch (IOException failure) {
            current.failed(failure, true);
        }
    }

    /** Reads the client's next bytes, unless a read interest is already taken (the watch's). */
    private void readOn() {
        tryFillInterested(reading);
    }

    /** Reads, and relays or hands over, the next request: the one in the buffer, or the next the client sends. */
    private void next() throws IOException {
        ByteBuffer bytes = buffer.getByteBuffer();
        if (closing) {
            int filled;
            do {
                BufferUtil.clear(bytes);
                filled = getEndPoint().fill(bytes);
            } while (filled > 0);
            if (filled < 0) {
                getEndPoint().close();
            } else {
                fillInterested();
            }
            return;
        }
        while (true) {
            if (bytes.hasRemaining() && take(bytes)) {
                return;
            }
            BufferUtil.compact(bytes);
            if (BufferUtil.space(bytes) == 0) {
                handOver();
                return;
            }
            int filled = getEndPoint().fill(bytes);
            if (filled < 0) {
                getEndPoint().close();
                return;
            }
            if (filled == 0) {
                fillInterested();
                return;
            }
        }
    }

    /**
     * The request at the buffer's position: relayed, or handed to Jetty (true), or not all here yet (false, the buffer left
     * as it was, to be parsed again from its start once more has come).
     */
    private boolean take(ByteBuffer bytes) {
        int start = bytes.position();
        method = null;
        uri = null;
        version = null;
        fields.clear();
        unusual = false;
        bad = null;
        authorization = null;
        parser.reset();
        // A view: a request handed to Jetty must reach it from its first byte, however far the parser got.
        ByteBuffer view = bytes.duplicate();
        boolean headed = parser.parseNext(view);
        if (bad != null) {
            refuse(bad);
            return true;
        }
        if (unusual || headed && !plain()) {
            handOver();
            return true;
        }
        bytes.position(view.position());
        long length = Math.max(0, parser.getContentLength());
        if (!headed || bytes.remaining() < length) {
            // Not all here yet: parsed again once more has come, unless it can never fit.
            int headLength = bytes.position() - start;
            bytes.position(start);
            if (headed ? headLength + length > BUFFER_BYTES : bytes.limit() - start >= BUFFER_BYTES) {
                handOver();
                return true;
            }
            return false;
        }
        int headEnd = bytes.position();
        try {
            HttpURI parsed = HttpURI.from(uri);
            if (!parsed.hasViolations()) {
                decidingOn = Thread.currentThread();
                relays.routing().route(method, parsed, authorization, route -> {
                    if (decidingOn == Thread.currentThread()) {
                        relay(route, start, parsed, headEnd, (int) length);
                    } else {
                        onSelector(() -> relay(route, start, parsed, headEnd, (int) length)); // decided later, on a thread of the store's
                    }
                });
                decidingOn = null;
                return true;
            }
        } catch (RuntimeException unparsable) {
            // Jetty answers it as it answers any URI it cannot take.
        }
        bytes.position(start);
        handOver();
        return true;
    }

    /**
     * Sends the request parsed (its head from {@code start}, its body of {@code length} bytes from {@code headEnd}) along
     * {@code route} to a ready replica; with no route or none ready, hands it to Jetty.
     */
    private void relay(Routing.Route route, int start, HttpURI parsed, int headEnd, int length) {
        ByteBuffer bytes = buffer.getByteBuffer();
        ReplicaPool.Backend backend = route == null ? null : route.pool().tryAcquire();
        if (backend == null) {
            bytes.position(start);
            handOver();
            return;
        }
        ByteBuffer body = bytes.slice(headEnd, length);
        bytes.position(headEnd + length);
        Exchange relayed = new Exchange(start, parsed, route, backend, body);
        exchange = relayed;
        relays.replicas().send(relayed, selector);
    }

    /** Whether the request just parsed is one a relay can pass on as it is. */
    private boolean plain() {
        if (version != HttpVersion.HTTP_1_1 || uri.isEmpty() || uri.charAt(0) != '/' || parser.getContentLength() > relays.maxRequestBytes()) {
            return false;
        }
        for (HttpField field : fields) {
            HttpHeader header = field.getHeader();
            // An upgrade to h2c is declined, as the server's own HTTP/1.1 does (PriorKnowledgeH2c): the JDK's client asks for
            // one with every plain-HTTP request. Any other upgrade (WebSocket) goes to Jetty.
            if (header == HttpHeader.UPGRADE && !field.getValue().equalsIgnoreCase("h2c") || header == HttpHeader.EXPECT
                    || header == HttpHeader.TRANSFER_ENCODING || header == HttpHeader.CONNECTION && field.contains("close")) {
                return false;
            }
        }
        return true;
    }

    /** From here on Jetty's HTTP/1.1 connection serves the client, from the request at the buffer's position. */
    private void handOver() {
        if (getEndPoint().getConnection() != this) {
            return;
        }
        getEndPoint().upgrade(relays.jettyConnection(connector, getEndPoint()));
    }

    /**
     * A request that cannot be read (a URI too long, a malformed line) is answered here as Jetty answers it
     * ({@link ProblemErrorHandler}), and the connection closed once the client has stopped sending. Handed to Jetty with
     * what the relay had read, its answer raced Jetty's read of the client's next bytes, which closed the connection
     * first when they came after the hand-over (a body sent after its head).
     */
    private void refuse(HttpException bad) {
        byte[] body = ProblemErrorHandler.badMessageBody(bad.getCode(), bad.getReason());
        closing = true;
        getEndPoint().write(Callback.from(InvocationType.NON_BLOCKING, () -> {
            getEndPoint().shutdownOutput();
            onFillable();
        }, getEndPoint()::close), problemHead(bad.getCode(), body.length, "Connection: close\r\n"), ByteBuffer.wrap(body));
    }

    /** The head of an answer of the relay's own: {@code status}, a problem document of {@code length} bytes, {@code more}. */
    private static ByteBuffer problemHead(int status, int length, String more) {
        return ByteBuffer.wrap(("HTTP/1.1 " + status + " " + HttpStatus.getMessage(status) + "\r\nContent-Type: " + Problem.MEDIA_TYPE
                + "\r\nContent-Length: " + length + "\r\n" + more + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * The answer is written whole: the next request where the client sent it already, else wait for the client's next
     * bytes. On this connection's selector.
     */
    private void answered() {
        exchange = null;
        if (!buffer.getByteBuffer().hasRemaining()) {
            readOn();
            return;
        }
        try {
            next();
        } catch (Throwable failure) {
            getEndPoint().close(failure);
        }
    }

    /**
     * Runs {@code task} on this connection's selector, between its reads and writes, where the relay's own events run: an
     * event from another thread (a replica's response timeout fires on Jetty's scheduler) that would touch the buffer.
     */
    private void onSelector(Runnable task) {
        selector.submit(ignored -> task.run());
    }

    @Override
    public void startRequest(String method, String uri, HttpVersion version) {
        this.method = method;
        this.uri = uri;
        this.version = version;
    }

    @Override
    public void parsedHeader(HttpField field) {
        fields.add(field);
        if (field.getHeader() == HttpHeader.AUTHORIZATION) {
            authorization = field.getValue();
        }
    }

    @Override
    public boolean headerComplete() {
        return true;
    }

    @Override
    public boolean content(ByteBuffer item) {
        return false;
    }

    @Override
    public boolean contentComplete() {
        return false;
    }

    @Override
    public boolean messageComplete() {
        return false;
    }

    @Override
    public void earlyEOF() {
        unusual = true;
    }

    @Override
    public void badMessage(HttpException failure) {
        bad = failure;
    }

    @Override
    public void onViolation(org.eclipse.jetty.http.ComplianceViolation.Event event) {
        unusual = true;
    }

    /**
     * One request relayed to a replica ({@link ReplicaConnection} sends it and reads the answer), and its answer written to
     * the client. Ends once: answered, failed, or handed to Jetty when its connection was refused.
     */
    final class Exchange {
        private final int requestStart;
        private final HttpURI uri;
        private final Routing.Route route;
        private final ReplicaPool.Backend backend;
        private final ByteBuffer[] request;
        private final boolean head;
        private final long started = System.nanoTime();
        private final AtomicBoolean ended = new AtomicBoolean();
        private int status;
        /** The answer's status and headers have gone to the client. */
        private boolean answering;
        /** A write to the client is under way: the client, not the replica, is being waited for. */
        volatile boolean writing;
        /** The replica's connection that took the request, once one has. */
        volatile ReplicaConnection upstream;
        /** The request has been written whole to the replica: from here on nothing hands the client's connection to Jetty. */
        private volatile boolean sent;

        Exchange(int requestStart, HttpURI uri, Routing.Route route, ReplicaPool.Backend backend, ByteBuffer body) {
            this.requestStart = requestStart;
            this.uri = uri;
            this.route = route;
            this.backend = backend;
            this.head = "HEAD".equals(method);
            ByteBuffer requestHead = requestHead(route, backend.replica());
            this.request = body.hasRemaining() ? new ByteBuffer[] {requestHead, body} : new ByteBuffer[] {requestHead};
            route.pool().meter().started();
        }

        Replica replica() {
            return backend.replica();
        }

        boolean head() {
            return head;
        }

        /** The request's head and body as the replica gets them. */
        ByteBuffer[] request() {
            return request;
        }

        /** The answer's status line and headers for the client, less those of the replica's hop, with the prediction id. */
        ByteBuffer answerHead(int status, String reason, List<HttpField> answerFields, boolean chunked) {
            this.status = status;
            this.answering = true;
            StringBuilder out = new StringBuilder(256).append("HTTP/1.1 ").append(status).append(' ')
                    .append(reason == null || reason.isEmpty() ? HttpStatus.getMessage(status) : reason).append("\r\n");
            for (HttpField field : answerFields) {
                HttpHeader header = field.getHeader();
                if (header == null || !GatewayProxy.HOP_BY_HOP.contains(header)) {
                    out.append(field.getName()).append(": ").append(field.getValue()).append("\r\n");
                }
            }
            if (chunked) {
                out.append("Transfer-Encoding: chunked\r\n");
            }
            out.append(GatewayProxy.PREDICTION_ID).append(": ").append(route.predictionId(backend.replica())).append("\r\n\r\n");
            return ByteBuffer.wrap(out.toString().getBytes(StandardCharsets.ISO_8859_1));
        }

        /** Writes part of the answer to the client; {@code then} runs once it is written, on the thread that wrote it. */
        void write(ByteBuffer[] part, Runnable then) {
            if (ended.get()) {
                return; // failed meanwhile, or handed to Jetty: the client's connection is no longer this exchange's
            }
            writing = true;
            getEndPoint().write(Callback.from(InvocationType.NON_BLOCKING, () -> {
                writing = false;
                then.run();
            }, failure -> {
                writing = false;
                failed(failure, true);
            }), part);
        }

        /** The answer has been written whole. */
        void ended() {
            if (end(status)) {
                answered();
            }
        }

        /**
         * The replica refused the connection, or did not take it in time: the request never left, and Jetty's path, which
         * tries the other replicas and holds the request while none is ready, takes it from its first byte.
         */
        void neverSent(Throwable cause) {
            onSelector(() -> {
                if (end(0)) {
                    closeUpstream();
                    log.atDebug().setMessage("a replica's connection failed; the request goes the server's way").addKeyValue("replica", backend.replica().id())
                            .addKeyValue("cause", cause.toString()).log();
                    exchange = null;
                    buffer.getByteBuffer().position(requestStart);
                    handOver();
                }
            });
        }

        /** The request has been written whole to the replica; on the client's selector. */
        void sent() {
            sent = true;
            watch();
        }

        /** Runs {@code task} on the client's selector, where the exchange starts and ends. */
        void onSelector(Runnable task) {
            ClientRelay.this.onSelector(task);
        }

        /**
         * The exchange failed. On the client's side (it left, or a write to it failed) the client's connection and the
         * replica's close, from any thread: a 499 where the answer had not begun. On the replica's side, on the client's
         * selector (the answer's head may be being written there): before its answer began a 502 the client is told of;
         * once it has begun, the client's connection closes (the answer ends short).
         */
        void failed(Throwable cause, boolean clientSide) {
            if (clientSide) {
                giveUp(cause);
            } else {
                onSelector(() -> replicaFailed(cause));
            }
        }

        /** Ends the exchange by closing both connections (false where it had ended already). */
        private boolean giveUp(Throwable cause) {
            if (!end(answering ? status : 499)) {
                return false;
            }
            closeUpstream();
            getEndPoint().close(cause);
            return true;
        }

        private void replicaFailed(Throwable cause) {
            if (answering) {
                if (giveUp(cause)) {
                    log.atWarn().setMessage("a replica's answer broke off; the client's connection is closed short").addKeyValue("replica", backend.replica().id())
                            .addKeyValue("cause", cause.toString()).log();
                }
                return;
            }
            String why = cause instanceof TimeoutException
                    ? " did not start answering within " + relays.config().responseTimeout()
                    : " failed to answer: " + (cause.getMessage() == null ? cause.toString() : cause.getMessage());
            LeptonException failure = new LeptonException(ErrorCode.REPLICA_FAILED, "deployment " + route.pool().deployment() + ": replica "
                    + backend.replica().id() + why);
            int code = Problems.status(failure.code().kind());
            if (!end(code)) {
                return;
            }
            closeUpstream();
            byte[] body = Problems.body(failure, uri.getPath());
            writing = true;
            getEndPoint().write(Callback.from(InvocationType.NON_BLOCKING, () -> {
                writing = false;
                answered();
            }, written -> getEndPoint().close(written)), problemHead(code, body.length, ""), ByteBuffer.wrap(body));
        }

        /** What is left of the replica's answer is no one's: its connection closes. */
        private void closeUpstream() {
            ReplicaConnection taken = upstream;
            if (taken != null) {
                taken.close();
            }
        }

        /** Counts the request as answered with {@code status} (none for 0) and gives the replica back, once. */
        private boolean end(int status) {
            if (!ended.compareAndSet(false, true)) {
                return false;
            }
            if (status != 0) {
                route.answered(status, System.nanoTime() - started);
            }
            route.pool().release(backend);
            route.pool().meter().ended();
            return true;
        }

        /** The request for the replica: its own Host, the client's headers less those of its hop, and whom it came from. */
        private ByteBuffer requestHead(Routing.Route route, Replica replica) {
            StringBuilder out = new StringBuilder(256).append(method).append(' ').append(route.target()).append(" HTTP/1.1\r\nHost: ")
                    .append(replica.base().getRawAuthority()).append("\r\n");
            String forwardedFor = null;
            String host = null;
            for (HttpField field : fields) {
                HttpHeader header = field.getHeader();
                if (header == HttpHeader.X_FORWARDED_FOR) {
                    forwardedFor = forwardedFor == null ? field.getValue() : forwardedFor + ", " + field.getValue();
                    continue;
                }
                if (header == HttpHeader.HOST) {
                    host = field.getValue();
                    continue;
                }
                if (header != null && (GatewayProxy.HOP_BY_HOP.contains(header) || header == HttpHeader.X_FORWARDED_PROTO
                        || header == HttpHeader.X_FORWARDED_HOST) || GatewayProxy.isLeptonToken(field)) {
                    continue;
                }
                out.append(field.getName()).append(": ").append(field.getValue()).append("\r\n");
            }
            out.append("X-Forwarded-For: ").append(forwardedFor == null ? remoteAddress : forwardedFor + ", " + remoteAddress)
                    .append("\r\nX-Forwarded-Proto: http\r\n");
            if (host != null) {
                out.append("X-Forwarded-Host: ").append(host).append("\r\n");
            }
            return ByteBuffer.wrap(out.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        }
    }
}
