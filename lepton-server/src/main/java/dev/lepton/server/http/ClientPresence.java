package dev.lepton.server.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;

/**
 * Whether the client of a long response (a followed log) is still there while the response has
 * nothing to send. A write to a closed connection fails, but a silent job gives nothing to write, so
 * abandoned follows would pile up, each holding a socket and a thread, until their job ended.
 *
 * <p>Jetty tells of failures it sees itself (an HTTP/2 stream reset, a server stop) through the
 * request's failure listener. An HTTP/1 connection is not read while its request is handled, so a
 * client's close goes unseen there: {@link #gone()} reads it, without blocking, and a connection
 * that reads end-of-stream (or any byte: a client that follows a log sends nothing more) is gone.
 * Only HTTP/1 is read so: an HTTP/2 connection carries other streams' frames.
 */
public final class ClientPresence {
    private final AtomicBoolean failed = new AtomicBoolean();
    private final Optional<EndPoint> http1;
    private final ByteBuffer probe = ByteBuffer.allocate(1).limit(0);

    private ClientPresence(Optional<EndPoint> http1) {
        this.http1 = http1;
    }

    public static ClientPresence of(Context ctx) {
        Request request = ServletContextRequest.getServletContextRequest(ctx.req());
        HttpVersion version = request.getConnectionMetaData().getHttpVersion();
        boolean http1 = version == HttpVersion.HTTP_1_1 || version == HttpVersion.HTTP_1_0;
        ClientPresence presence = new ClientPresence(http1 ? Optional.of(request.getConnectionMetaData().getConnection().getEndPoint())
                : Optional.empty());
        request.addFailureListener(failure -> presence.failed.set(true));
        return presence;
    }

    /** True once the client has closed its connection, or Jetty has failed the request. */
    public boolean gone() {
        if (failed.get()) {
            return true;
        }
        if (http1.isEmpty()) {
            return false;
        }
        EndPoint endPoint = http1.get();
        try {
            probe.clear().limit(0);
            if (endPoint.isOpen() && endPoint.fill(probe) == 0) {
                return false;
            }
        } catch (IOException e) {
            // A reset connection: gone as well.
        }
        endPoint.close();
        return true;
    }
}
