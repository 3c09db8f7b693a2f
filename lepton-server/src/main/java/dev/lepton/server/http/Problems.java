package dev.lepton.server.http;

import dev.lepton.api.codec.Codec;
import dev.lepton.api.codec.WireFormatException;
import dev.lepton.api.v1.Problem;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.ErrorKind;
import dev.lepton.core.failure.LeptonException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every failure leaves as {@code application/problem+json} with a stable code; only bugs are 5xx. */
public final class Problems {
    private static final Logger log = LoggerFactory.getLogger(Problems.class);

    /** A request method the path does not take; an HTTP matter, not a domain error, so not an {@link ErrorCode}. */
    static final String METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED";

    private Problems() {}

    public static void register(RoutesConfig routes) {
        routes.exception(LeptonException.class, (e, ctx) -> send(ctx, status(e.code().kind()), e.code().name(), e.getMessage()));
        routes.exception(WireFormatException.class, (e, ctx) -> send(ctx, 400, ErrorCode.INVALID_SPEC.name(), e.getMessage()));
        routes.exception(HttpResponseException.class, (e, ctx) -> send(ctx, e.getStatus(), codeFor(e.getStatus()), e.getMessage()));
        routes.exception(MethodNotAllowedResponse.class, (e, ctx) -> {
            String allowed = e.getDetails().getOrDefault("availableMethods", "");
            ctx.header("Allow", allowed);
            send(ctx, 405, METHOD_NOT_ALLOWED, ctx.method() + " is not allowed on " + ctx.path() + "; allowed: " + allowed);
        });
        routes.exception(Exception.class, (e, ctx) -> {
            if (e instanceof HttpException refused && refused.getCode() >= 400 && refused.getCode() < 500) {
                // Jetty's parser refused the request mid-body (a chunk size past any length, a body cut short): the client's fault.
                log.debug("request body refused by the HTTP parser: {} {} {}", ctx.method(), ctx.path(), refused.getReason());
                send(ctx, refused.getCode(), codeFor(refused.getCode()),
                        "request body: unreadable, its chunked encoding malformed or the body cut short (" + refused.getReason() + ")");
                return;
            }
            log.error("request failed unexpectedly: {} {}", ctx.method(), ctx.path(), e);
            send(ctx, 500, ErrorCode.INTERNAL.name(), "internal error; the server log has the details");
        });
        routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                send(ctx, 404, ErrorCode.NOT_FOUND.name(), "no route " + ctx.method() + " " + ctx.path());
            }
        });
        routes.error(405, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                send(ctx, 405, METHOD_NOT_ALLOWED, ctx.method() + " is not allowed on " + ctx.path());
            }
        });
    }

    public static int status(ErrorKind kind) {
        return switch (kind) {
            case USER_ERROR -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case TOO_LARGE -> 413;
            case TOO_MANY_REQUESTS -> 429;
            case UNAVAILABLE -> 503;
            case BAD_GATEWAY -> 502;
            case INTERNAL -> 500;
        };
    }

    /** The stable code of an error the server answers without one of its own (Jetty's, Javalin's). */
    static String codeFor(int status) {
        return switch (status) {
            case 414 -> "URI_TOO_LONG";
            case 431 -> "HEADERS_TOO_LARGE";
            case 413 -> ErrorCode.BODY_TOO_LARGE.name();
            case 400 -> ErrorCode.INVALID_ARGUMENT.name();
            case 404 -> ErrorCode.NOT_FOUND.name();
            default -> "HTTP_" + status;
        };
    }

    public static void send(Context ctx, int status, String code, String detail) {
        Problem problem = problem(status, code, detail, ctx.path());
        if (status == 401) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        ctx.status(status).contentType(Problem.MEDIA_TYPE).result(Codec.toJsonBytes(problem));
    }

    /**
     * {@link #send}'s twin for a request a Jetty core handler answers (the gateway's): {@code failure}'s problem, in place of
     * whatever the response held, while nothing of it has been sent; {@code callback} completes once it is written.
     */
    public static void write(Request request, Response response, Callback callback, LeptonException failure) {
        int status = status(failure.code().kind());
        response.reset();
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (status == 401) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
        }
        response.write(true, ByteBuffer.wrap(body(failure, request.getHttpURI().getPath())), callback);
    }

    /** {@code failure}'s problem document as JSON, for a request for {@code path}. */
    public static byte[] body(LeptonException failure, String path) {
        return Codec.toJsonBytes(problem(status(failure.code().kind()), failure.code().name(), failure.getMessage(), path));
    }

    /** The problem document for a status, its stable code and what went wrong; {@code instance} is the path asked for. */
    static Problem problem(int status, String code, String detail, String instance) {
        String name = code.toLowerCase(Locale.ROOT);
        return new Problem("https://lepton.dev/problems/" + name.replace('_', '-'), name.replace('_', ' '), status, detail, code, instance);
    }
}
