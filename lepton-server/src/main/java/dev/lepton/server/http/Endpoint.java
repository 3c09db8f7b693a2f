package dev.lepton.server.http;

import io.javalin.http.Context;

/** A route's handler, given the request and the already authenticated caller. */
@FunctionalInterface
public interface Endpoint {
    void handle(Context ctx, Caller caller) throws Exception;
}
