package dev.lepton.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.BooleanSupplier;

/** Probes and the API document: {@code /healthz}, {@code /readyz}, {@code /api/v1/openapi.json}. */
public final class SystemRoutes {
    private SystemRoutes() {}

    public static void register(RouteTable routes, BooleanSupplier ready) {
        byte[] openapi = openApiDocument();
        routes.get("/healthz", Access.open(), "healthz", (ctx, caller) -> ctx.contentType("text/plain").result("ok\n"));
        routes.get("/readyz", Access.open(), "readyz", (ctx, caller) -> {
            if (ready.getAsBoolean()) {
                ctx.contentType("text/plain").result("ready\n");
            } else {
                Problems.send(ctx, 503, "UNAVAILABLE", "recovering live jobs; ready in a moment");
            }
        });
        routes.get("/api/v1/openapi.json", Access.open(), "openapi",
                (ctx, caller) -> ctx.contentType("application/json").result(openapi));
    }

    /** The document lives beside the wire records in lepton-api. */
    public static byte[] openApiDocument() {
        try (InputStream in = SystemRoutes.class.getResourceAsStream("/dev/lepton/api/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from lepton-api");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
