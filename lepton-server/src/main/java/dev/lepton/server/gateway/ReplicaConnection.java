package dev.lepton.server.gateway;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;

/**
 * A connection from the gateway's relay to one replica, kept open between requests ({@link ReplicaConnections}): it sends
 * one relayed request at a time and passes the answer to the client as it comes, a read at a time, reading the replica
 * again only once the client has taken what was written. The answer is parsed to find where it ends and to write its head
 * for the client's hop; its body goes as it came when its length is known, and in chunks of what each read brought
 * otherwise (a stream of events, an answer ended by closing the connection).
 */
final class ReplicaConnection extends AbstractConnection.NonBlocking implements HttpParser.ResponseHandler {
    private static final ByteBuffer CRLF = ByteBuffer.wrap("\r\n".getBytes(StandardCharsets.ISO_8859_1)).asReadOnlyBuffer();
    private static final ByteBuffer LAST_CHUNK = ByteBuffer.wrap("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)).asReadOnlyBuffer();

    private final ReplicaConnections.Destination destination;
    private final ReplicaConnections connections;
    private final HttpParser parser;
    private final RetainableByteBuffer buffer;
    private volatile ClientRelay.Exchange exchange;

    // The answer being read.
    private HttpVersion version;
    private int status;
    private String reason;
    private final List<HttpField> fields = new ArrayList<>();
    private boolean chunked;
    private boolean complete;
    private boolean close;
    /**
     * What the exchange under way has left before this connection is free for the next: writing its request and reading
     * its answer (2, 1, 0), in either order: a replica may answer before it has taken the whole request. Both end on the
     * client's selector, as all of an exchange's events do.
     */
    private int unfinished;
    /** Why the answer cannot be relayed: not HTTP, or a switch of protocols no one asked for. */
    private RuntimeException broken;
    private final List<ByteBuffer> out = new ArrayList<>();

    ReplicaConnection(EndPoint endPoint, ReplicaConnections connections, ReplicaConnections.Destination destination, ClientRelay.Exchange first) {
        super(endPoint, connections.executor());
        this.connections = connections;
        this.destination = destination;
        this.parser = new HttpParser(this, connections.maxHeaderBytes());
        this.buffer = connections.buffers().acquire(ClientRelay.BUFFER_BYTES, true);
        this.exchange = first;
    }


    @Override
    public void onOpen() {
        super.onOpen();
        fillInterested();
        ClientRelay.Exchange first = exchange;
        first.onSelector(() -> send(first)); // opened on a thread of the pool: the request goes out where its answer is read
    }

    /** Takes {@code relayed} if this connection is still open (an idle one is always waiting to read). */
    boolean take(ClientRelay.Exchange relayed) {
        if (!getEndPoint().isOpen()) {
            return false;
        }
        exchange = relayed;
        send(relayed);
        return true;
    }

    private void send(ClientRelay.Exchange relayed) {
        relayed.upstream = this;
        version = null;
        status = 0;
        reason = null;
        fields.clear();
        chunked = false;
        complete = false;
        close = false;
        broken = null;
        parser.reset();
        parser.setHeadResponse(relayed.head());
        getEndPoint().setIdleTimeout(connections.config().responseTimeout().toMillis());
        unfinished = 2;
        // A request the replica did not take whole was not answered: Jetty's path sends it again, to this replica or another.
        getEndPoint().write(Callback.from(InvocationType.NON_BLOCKING, () -> {
            relayed.sent();
            finished();
        }, failure -> {
            relayed.neverSent(failure);
            getEndPoint().close(failure); // where the answer had ended already
        }), relayed.request());
    }

    @Override
    public void onFillable() {
        ClientRelay.Exchange relayed = exchange;
        ByteBuffer bytes = buffer.getByteBuffer();
        try {
            BufferUtil.compact(bytes);
            int filled = getEndPoint().fill(bytes);
            if (filled == 0) {
                fillInterested();
                return;
            }
            if (relayed == null) {
                getEndPoint().close(); // idle: closed by the replica, or it sent what no one asked for
                return;
            }
            if (filled < 0) {
                parser.atEOF();
            }
            parse(relayed, bytes);
            if (!out.isEmpty()) {
                ByteBuffer[] part = out.toArray(ByteBuffer[]::new);
                out.clear();
                relayed.write(part, complete ? () -> done(relayed) : this::fillInterested);
            } else if (complete) {
                done(relayed);
            } else if (filled < 0) {
                relayed.failed(new EOFException("the replica closed the connection before its answer ended"), false);
            } else {
                fillInterested();
            }
        } catch (Throwable failure) {
            relayed.failed(failure, false);
        }
    }

    /** Parses what was read: the answer's head, then its body, into {@link #out}; stops at the answer's end. */
    private void parse(ClientRelay.Exchange relayed, ByteBuffer bytes) {
        while (!complete) {
            boolean ended = parser.parseNext(bytes);
            if (broken != null) {
                throw broken;
            }
            if (ended && status >= 100 && status < 200) {
                // An interim answer (103 Early Hints, a 100 no one asked for): not the client's; the final one follows.
                parser.reset();
                parser.setHeadResponse(relayed.head());
                fields.clear();
                status = 0;
                continue;
            }
            if (!ended) {
                return;
            }
        }
    }

    /** The answer is written whole: this connection waits for the next request, or closes where the replica asked. */
    private void done(ClientRelay.Exchange relayed) {
        exchange = null;
        relayed.upstream = null;
        if (close || buffer.getByteBuffer().hasRemaining() || !getEndPoint().isOpen()) {
            getEndPoint().close();
        } else {
            // A request still being written has this long to finish, since its answer has come.
            getEndPoint().setIdleTimeout(ReplicaConnections.IDLE_MILLIS);
            fillInterested();
            finished();
        }
        relayed.ended();
    }

    /** The request is written, or its answer read: after both, the connection waits for the next request. */
    private void finished() {
        if (--unfinished == 0) {
            connections.idle(destination, this);
        }
    }

    @Override
    public void onClose(Throwable cause) {
        super.onClose(cause);
        connections.closed(destination, this);
        buffer.release();
        ClientRelay.Exchange relayed = exchange;
        if (relayed != null) {
            relayed.failed(cause != null ? cause : new EOFException("the replica's connection closed"), false);
        }
    }

    @Override
    public void onFillInterestedFailed(Throwable cause) {
        ClientRelay.Exchange relayed = exchange;
        if (relayed != null) {
            relayed.failed(cause, false);
        }
        getEndPoint().close(cause);
    }

    /** While the client is taking a write the replica is not waited for; its silence then is not a timeout. */
    @Override
    public boolean onIdleExpired(TimeoutException timeout) {
        ClientRelay.Exchange relayed = exchange;
        return relayed == null || !relayed.writing;
    }

    @Override
    public void startResponse(HttpVersion version, int status, String reason) {
        this.version = version;
        this.status = status;
        this.reason = reason;
    }

    @Override
    public void parsedHeader(HttpField field) {
        fields.add(field);
        if (field.getHeader() == HttpHeader.CONNECTION && field.contains(HttpHeaderValue.CLOSE.asString())) {
            close = true;
        }
    }

    @Override
    public boolean headerComplete() {
        if (status == HttpStatus.SWITCHING_PROTOCOLS_101) {
            broken = new IllegalStateException("the replica switched protocols on a request that did not ask it to");
            return true;
        }
        if (status >= 200) {
            close |= version != HttpVersion.HTTP_1_1;
            boolean bodiless = exchange.head() || status == HttpStatus.NO_CONTENT_204 || status == HttpStatus.NOT_MODIFIED_304;
            // Without a length (chunked, or ended by closing the connection) the body goes on in chunks of what each read brings.
            chunked = !bodiless && parser.getContentLength() < 0;
            out.add(exchange.answerHead(status, reason, fields, chunked));
        }
        return false;
    }

    @Override
    public boolean content(ByteBuffer item) {
        if (!item.hasRemaining()) {
            return false;
        }
        if (chunked) {
            out.add(ByteBuffer.wrap((Integer.toHexString(item.remaining()) + "\r\n").getBytes(StandardCharsets.ISO_8859_1)));
            out.add(item);
            out.add(CRLF.slice());
        } else {
            out.add(item);
        }
        return false;
    }

    @Override
    public boolean contentComplete() {
        return false;
    }

    @Override
    public boolean messageComplete() {
        if (status >= 200) {
            complete = true;
            if (chunked) {
                out.add(LAST_CHUNK.slice());
            }
        }
        return true;
    }

    @Override
    public void earlyEOF() {
        close = true;
    }

    @Override
    public void badMessage(org.eclipse.jetty.http.HttpException failure) {
        broken = new IllegalStateException("the replica's answer is not HTTP: " + failure.getReason());
    }
}
