package dev.lepton.server.http;

import dev.lepton.api.codec.Codec;
import dev.lepton.api.v1.Problem;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * What Jetty answers by itself, before any route (a request line it cannot parse, a URI too long):
 * problem+json like every other error, not an HTML page, and {@code Connection: close} where Jetty
 * closes the connection after it, so that a client does not send its next request into it.
 */
public final class ProblemErrorHandler extends ErrorHandler {
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        fields.put(new HttpField(HttpHeader.CONNECTION, "close"));
        return ByteBuffer.wrap(badMessageBody(status, reason));
    }

    /** The problem document for a request that could not be read at all (no path to name). */
    public static byte[] badMessageBody(int status, String reason) {
        return body(status, reason, "");
    }

    @Override
    protected void generateResponse(Request request, Response response, int status, String message, Throwable cause, Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        // Only what Jetty refuses before any route comes here, and it does not keep such a connection.
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.write(true, ByteBuffer.wrap(body(status, message, request.getHttpURI().getPath())), callback);
    }

    private static byte[] body(int status, String reason, String path) {
        String why = reason == null || reason.isBlank() ? HttpStatus.getMessage(status).toLowerCase(Locale.ROOT) : reason;
        // "/badmessage" is Jetty's stand-in for the path of a request line it could not read.
        return Codec.toJsonBytes(Problems.problem(status, Problems.codeFor(status), "the request could not be read: " + why,
                path == null || path.equals("/badmessage") ? "" : path));
    }
}
