package dev.lepton.serving.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Map;
import org.eclipse.jetty.http.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Small JSON bodies, and the protocol's error shape {@code {"error": "..."}} for every refusal. */
final class Json {
    private static final Logger log = LoggerFactory.getLogger(Json.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    static void send(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings, numbers and lists always writes", e);
        }
    }

    static void error(Context ctx, int status, String message) {
        send(ctx, status, Map.of("error", message));
    }

    static void registerErrors(RoutesConfig routes) {
        routes.exception(InferenceRoutes.UnknownModel.class, (e, ctx) -> error(ctx, 404, e.getMessage()));
        routes.exception(InferenceRoutes.Unavailable.class, (e, ctx) -> error(ctx, 503, e.getMessage()));
        routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()));
        routes.exception(Exception.class, (e, ctx) -> {
            if (e instanceof HttpException refused && refused.getCode() >= 400 && refused.getCode() < 500) {
                // Jetty refused the body mid-read (cut short, bad chunking): the client's fault.
                error(ctx, refused.getCode(), "request body: unreadable (" + refused.getReason() + ")");
                return;
            }
            log.atError().addKeyValue("method", ctx.method()).addKeyValue("path", ctx.path()).setCause(e).log("request failed unexpectedly");
            error(ctx, 500, "internal error; the server log has the details");
        });
        routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                error(ctx, 404, "no route " + ctx.method() + " " + ctx.path());
            }
        });
        routes.error(405, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                error(ctx, 405, ctx.method() + " is not allowed on " + ctx.path());
            }
        });
    }
}
