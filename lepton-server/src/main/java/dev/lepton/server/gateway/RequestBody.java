package dev.lepton.server.gateway;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Promise;

/**
 * A request's body, read by demand, never waited for on a thread, and kept as the chunks Jetty read it in: no copy, and
 * the same bytes may go to a second replica when the first refused the connection. Its chunks are held until
 * {@link #release}. A body over the limit is refused (by its Content-Length, or as it arrives) once it has been read
 * and dropped, where it is at most {@link #DISCARDED_BYTES} over: a refusal sent while the client is still sending is
 * lost to the reset that closing a connection with unread bytes causes, as nginx's lingering close knows. A larger one is
 * refused at once, and its connection closed.
 */
final class RequestBody implements Runnable {
    /** How far over the limit a body is still read, and dropped, for its refusal to reach the client. */
    static final long DISCARDED_BYTES = 1024 * 1024;

    private final Request request;
    private final long maxBytes;
    private final Promise<RequestBody> read;
    private final List<Content.Chunk> chunks = new ArrayList<>(1);
    private final List<ByteBuffer> buffers = new ArrayList<>(1);
    private long bytes;
    /** The body is over the limit: what is left of it is read and dropped, then this is the answer. */
    private LeptonException refused;

    private RequestBody(Request request, long maxBytes, Promise<RequestBody> read) {
        this.request = request;
        this.maxBytes = maxBytes;
        this.read = read;
    }

    /** Reads {@code request}'s body; {@code read} gets it, or a {@link LeptonException} for a body refused. */
    static void read(Request request, long maxBytes, Promise<RequestBody> read) {
        long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        RequestBody body = new RequestBody(request, maxBytes, read);
        if (declared > maxBytes) {
            body.refused = tooLarge(declared + " bytes", maxBytes);
            if (declared > maxBytes + DISCARDED_BYTES) {
                read.failed(body.refused);
                return;
            }
        }
        body.run();
    }

    /** Reads what has arrived, then asks to be run again when more does. */
    @Override
    public void run() {
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                release();
                read.failed(refused != null ? refused : refusal(chunk.getFailure()));
                return;
            }
            boolean last = chunk.isLast();
            bytes += chunk.remaining();
            if (refused == null && bytes > maxBytes) {
                release();
                refused = tooLarge("more than " + maxBytes + " bytes", maxBytes);
            }
            if (refused == null && chunk.hasRemaining()) {
                chunks.add(chunk);
                buffers.add(chunk.getByteBuffer());
            } else {
                chunk.release();
            }
            if (refused != null && (last || bytes > maxBytes + DISCARDED_BYTES)) {
                read.failed(refused);
                return;
            }
            if (last) {
                read.succeeded(this);
                return;
            }
        }
    }

    /** The body's bytes, in order; empty for none. Valid until {@link #release}. */
    List<ByteBuffer> buffers() {
        return buffers;
    }

    /** Gives the chunks back to Jetty's buffer pool. */
    void release() {
        chunks.forEach(Content.Chunk::release);
        chunks.clear();
        buffers.clear();
    }

    private static LeptonException tooLarge(String size, long maxBytes) {
        return new LeptonException(ErrorCode.BODY_TOO_LARGE, "request body: " + size + ", over the server's limit of " + maxBytes
                + " bytes (maxRequestBytes)");
    }

    /** Jetty's parser refused the body (a chunk size past any length, a body cut short): the client's fault, as on any route. */
    private static Throwable refusal(Throwable failure) {
        if (failure instanceof HttpException refused && refused.getCode() >= 400 && refused.getCode() < 500) {
            return new LeptonException(refused.getCode() == 413 ? ErrorCode.BODY_TOO_LARGE : ErrorCode.INVALID_ARGUMENT,
                    "request body: unreadable, its chunked encoding malformed or the body cut short (" + refused.getReason() + ")");
        }
        return failure;
    }
}
