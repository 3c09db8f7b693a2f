package dev.lepton.server.http;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.auth.Principal;
import dev.lepton.core.auth.Role;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.server.auth.Authenticator;
import dev.lepton.server.limits.RateLimiter;
import dev.lepton.store.Store;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.websocket.WsConfig;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The only way routes are registered: each with the access it needs, so authentication,
 * authorization and auditing of refusals happen in one place, and the list of routes can be
 * checked against the API document and the access matrix.
 */
public final class RouteTable {
    private final RoutesConfig routes;
    private final Authenticator authenticator;
    private final Store store;
    private final InstantSource clock;
    private final List<Route> registered = new ArrayList<>();
    private final Optional<RateLimiter> limiter;

    /** {@code rateLimit}: requests per second one token may make (a cluster admin's excepted); 0 for no limit. */
    public RouteTable(RoutesConfig routes, Authenticator authenticator, Store store, InstantSource clock, double rateLimit) {
        this.limiter = rateLimit == 0 ? Optional.empty() : Optional.of(new RateLimiter(rateLimit));
        this.routes = requireNonNull(routes, "routes is null");
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public RouteTable get(String path, Access access, String action, Endpoint endpoint) {
        return add(HandlerType.GET, path, access, action, endpoint);
    }

    public RouteTable post(String path, Access access, String action, Endpoint endpoint) {
        return add(HandlerType.POST, path, access, action, endpoint);
    }

    public RouteTable put(String path, Access access, String action, Endpoint endpoint) {
        return add(HandlerType.PUT, path, access, action, endpoint);
    }

    public RouteTable head(String path, Access access, String action, Endpoint endpoint) {
        return add(HandlerType.HEAD, path, access, action, endpoint);
    }

    public RouteTable delete(String path, Access access, String action, Endpoint endpoint) {
        return add(HandlerType.DELETE, path, access, action, endpoint);
    }

    /**
     * A WebSocket route: {@code upgrade} runs on the upgrade request before it is answered (what it throws refuses the
     * upgrade with the error's status, as on an HTTP route, so it checks access itself), {@code socket} on the socket once
     * upgraded. Not among {@link #registered()}, the HTTP routes the API document and the access matrix list.
     */
    public RouteTable webSocket(String path, Handler upgrade, Consumer<WsConfig> socket) {
        routes.wsBeforeUpgrade(path, upgrade);
        routes.ws(path, socket);
        return this;
    }

    public List<Route> registered() {
        return List.copyOf(registered);
    }

    private RouteTable add(HandlerType method, String path, Access access, String action, Endpoint endpoint) {
        registered.add(new Route(method.name(), path, access, action));
        routes.addHttpHandler(method, path, ctx -> endpoint.handle(ctx, caller(ctx, access, action)));
        return this;
    }

    private Caller caller(Context ctx, Access access, String action) {
        String project = Optional.ofNullable(ctx.queryParam("project")).filter(p -> !p.isBlank()).orElse("default");
        if (access instanceof Access.Public) {
            return new Caller(Optional.empty(), project, action, target -> {});
        }
        Principal principal;
        try {
            principal = authenticator.authenticate(Optional.ofNullable(ctx.header("Authorization")));
        } catch (LeptonException e) {
            audit("anonymous", action, ctx.path(), e.getMessage());
            throw e;
        }
        limit(ctx, principal);
        Caller caller = new Caller(Optional.of(principal), project, action,
                target -> audit(principal.user(), action, target, "denied"));
        switch (access) {
            case Access.Public p -> { }
            case Access.Authenticated a -> { }
            case Access.InProject p when p.projectInBody() -> { }
            case Access.InProject p -> caller.require(p.role(), project);
            case Access.Cluster c -> caller.requireEverywhere(c.role());
        }
        return caller;
    }

    private void limit(Context ctx, Principal principal) {
        if (limiter.isEmpty() || principal.mayEverywhere(Role.ADMIN)) {
            return;
        }
        String token = ctx.header("Authorization");
        limiter.get().take(token).ifPresent(seconds -> {
            ctx.header("Retry-After", Long.toString(seconds));
            throw new LeptonException(ErrorCode.RATE_LIMITED, "too many requests from this token: at most "
                    + rate(limiter.get().perSecond()) + " a second; retry after " + seconds + " s");
        });
    }

    private static String rate(double perSecond) {
        return perSecond == Math.rint(perSecond) ? Long.toString((long) perSecond) : Double.toString(perSecond);
    }

    private void audit(String actor, String action, String target, String detail) {
        store.write(tx -> tx.audit().record(clock.instant(), actor, action, target, false, detail));
    }

    /** Path parameter that must be a valid object name. */
    public static String name(Context ctx, String param) {
        String value = ctx.pathParam(param);
        if (!Names.isValid(value)) {
            throw new LeptonException(ErrorCode.INVALID_ARGUMENT, param + ": " + Names.RULE + " (got '" + value + "')");
        }
        return value;
    }
}
