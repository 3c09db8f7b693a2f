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
 * {@link #release}. A body over the limit is refused as soon as it is known to be (by its Content-Length, or as it
 * arrives).
 */
final class RequestBody implements Runnable {
    private final Request request;
    private final long maxBytes;
    private final Promise<RequestBody> read;
    private final List<Content.Chunk> chunks = new ArrayList<>(1);
    private final List<ByteBuffer> buffers = new ArrayList<>(1);
    private long bytes;

    private RequestBody(Request request, long maxBytes, Promise<RequestBody> read) {
        this.request = request;
        this.maxBytes = maxBytes;
        this.read = read;
    }

    /** Reads {@code request}'s body; {@code read} gets it, or a {@link LeptonException} for a body refused. */
    static void read(Request request, long maxBytes, Promise<RequestBody> read) {
        long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        if (declared > maxBytes) {
            read.failed(tooLarge(declared + " bytes", maxBytes));
            return;
        }
        new RequestBody(request, maxBytes, read).run();
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
                read.failed(refusal(chunk.getFailure()));
                return;
            }
            boolean last = chunk.isLast();
            if (chunk.hasRemaining()) {
                bytes += chunk.remaining();
                chunks.add(chunk);
                buffers.add(chunk.getByteBuffer());
                if (bytes > maxBytes) {
                    release();
                    read.failed(tooLarge("more than " + maxBytes + " bytes", maxBytes));
                    return;
                }
            } else {
                chunk.release();
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
