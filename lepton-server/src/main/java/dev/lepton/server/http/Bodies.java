package dev.lepton.server.http;

import dev.lepton.api.codec.Codec;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import io.javalin.http.Context;

/** Request and response bodies: JSON or YAML in, JSON out. */
public final class Bodies {
    private Bodies() {}

    public static <T> T read(Context ctx, Class<T> type) {
        byte[] body = ctx.bodyAsBytes();
        if (body.length == 0) {
            throw new LeptonException(ErrorCode.INVALID_SPEC, "request body is empty; send a JSON or YAML object");
        }
        T value = Codec.read(body, type);
        if (value == null) {
            // "null" and YAML's "~" are well-formed documents that Jackson reads as no object at all.
            throw new LeptonException(ErrorCode.INVALID_SPEC, "request body: expected a JSON object, got null");
        }
        return value;
    }

    public static void json(Context ctx, int status, Object value) {
        ctx.status(status).contentType("application/json").result(Codec.toJsonBytes(value));
    }

    public static void json(Context ctx, Object value) {
        json(ctx, 200, value);
    }
}
