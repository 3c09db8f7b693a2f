package dev.lepton.server.users;

import static java.util.Objects.requireNonNull;

import dev.lepton.api.v1.ApiList;
import dev.lepton.api.v1.ApiRoleRequest;
import dev.lepton.api.v1.ApiToken;
import dev.lepton.api.v1.ApiUser;
import dev.lepton.api.v1.ApiUserRequest;
import dev.lepton.core.auth.Principal;
import dev.lepton.core.auth.Role;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.server.auth.Authenticator;
import dev.lepton.server.auth.Tokens;
import dev.lepton.server.http.Access;
import dev.lepton.server.http.Bodies;
import dev.lepton.server.http.Caller;
import dev.lepton.server.http.Names;
import dev.lepton.server.http.RouteTable;
import dev.lepton.store.Store;
import dev.lepton.store.TokenRecord;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code /api/v1/users}, {@code /api/v1/tokens} and {@code /api/v1/whoami}; the audit log's routes are {@code AuditRoutes}'.
 * What admins do to other users is {@link UserAdministration}'s.
 */
public final class UserRoutes {
    private final Store store;
    private final Authenticator authenticator;
    private final InstantSource clock;
    private final UserAdministration administration;

    public UserRoutes(Store store, Authenticator authenticator, InstantSource clock) {
        this.store = requireNonNull(store, "store is null");
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.administration = new UserAdministration(store, authenticator, clock);
    }

    public void register(RouteTable routes) {
        routes.post("/api/v1/users", Access.projectInBody(Role.ADMIN), "user.create",
                (ctx, caller) -> Bodies.json(ctx, 201, create(caller, Bodies.read(ctx, ApiUserRequest.class))));
        routes.get("/api/v1/users", Access.cluster(Role.ADMIN), "user.list", (ctx, caller) -> Bodies.json(ctx,
                new ApiList<>(store.read(tx -> tx.users().list()).stream().map(UserAdministration::view).toList(), null)));
        routes.post("/api/v1/users/{name}/roles", Access.cluster(Role.ADMIN), "user.set-role", (ctx, caller) -> {
            ApiRoleRequest request = Bodies.read(ctx, ApiRoleRequest.class);
            Bodies.json(ctx, administration.setRole(caller, ctx.pathParam("name"), project(request.project(), "project"), role(request.role())));
        });
        routes.delete("/api/v1/users/{name}/roles/{project}", Access.cluster(Role.ADMIN), "user.remove-role", (ctx, caller) ->
                Bodies.json(ctx, administration.removeRole(caller, ctx.pathParam("name"), project(ctx.pathParam("project"), "project"))));
        routes.post("/api/v1/users/{name}/disable", Access.cluster(Role.ADMIN), "user.disable", (ctx, caller) ->
                Bodies.json(ctx, administration.setDisabled(caller, ctx.pathParam("name"), true)));
        routes.post("/api/v1/users/{name}/enable", Access.cluster(Role.ADMIN), "user.enable", (ctx, caller) ->
                Bodies.json(ctx, administration.setDisabled(caller, ctx.pathParam("name"), false)));
        routes.delete("/api/v1/users/{name}", Access.cluster(Role.ADMIN), "user.delete", (ctx, caller) ->
                Bodies.json(ctx, administration.delete(caller, ctx.pathParam("name"))));
        routes.get("/api/v1/whoami", Access.anyUser(), "user.whoami", (ctx, caller) -> {
            Principal p = caller.principal();
            Bodies.json(ctx, new ApiUser(p.user(), wire(p.roles()), null, null));
        });
        routes.post("/api/v1/tokens", Access.anyUser(), "token.create", (ctx, caller) -> Bodies.json(ctx, 201, issueToken(caller)));
        routes.get("/api/v1/tokens", Access.anyUser(), "token.list", (ctx, caller) -> Bodies.json(ctx, new ApiList<>(
                administration.tokens(caller, Optional.ofNullable(ctx.queryParam("user")).filter(u -> !u.isBlank()),
                        flag(ctx.queryParam("allUsers"), "allUsers")), null)));
        routes.post("/api/v1/tokens/{id}/revoke", Access.anyUser(), "token.revoke",
                (ctx, caller) -> Bodies.json(ctx, administration.revokeToken(caller, ctx.pathParam("id"))));
    }

    private ApiUser create(Caller caller, ApiUserRequest request) {
        List<String> faults = new ArrayList<>();
        if (!Names.isValid(request.name())) {
            faults.add("name: " + Names.RULE + " (got '" + request.name() + "')");
        }
        String project = request.project() == null ? caller.project() : request.project();
        if (!project.equals(Principal.ALL_PROJECTS) && !Names.isValid(project)) {
            faults.add("project: " + Names.RULE + " or '*' (got '" + project + "')");
        }
        Role role = null;
        try {
            role = Role.parse(request.role() == null ? "" : request.role());
        } catch (IllegalArgumentException e) {
            faults.add("role: " + e.getMessage());
        }
        if (!faults.isEmpty()) {
            throw new LeptonException(ErrorCode.INVALID_SPEC, String.join("; ", faults));
        }
        if (project.equals(Principal.ALL_PROJECTS)) {
            caller.requireEverywhere(Role.ADMIN);
        } else {
            caller.require(Role.ADMIN, project);
        }
        Role granted = role;
        String token = Tokens.generate();
        Instant now = clock.instant();
        store.write(tx -> {
            tx.users().createUser(request.name(), now);
            tx.users().bindRole(request.name(), project, granted);
            tx.users().addToken(request.name(), Tokens.hash(token), now);
            tx.audit().record(now, caller.user(), caller.action(), "user/" + request.name(), true,
                    granted.wireName() + " in " + project);
            return null;
        });
        authenticator.forget();
        return new ApiUser(request.name(), Map.of(project, granted.wireName()), now, token);
    }

    private ApiToken issueToken(Caller caller) {
        String token = Tokens.generate();
        String hash = Tokens.hash(token);
        Instant now = clock.instant();
        store.write(tx -> {
            tx.users().addToken(caller.user(), hash, now);
            tx.audit().record(now, caller.user(), caller.action(), "token/" + hash.substring(0, TokenRecord.ID_LENGTH), true, "");
            return null;
        });
        return new ApiToken(hash.substring(0, TokenRecord.ID_LENGTH), caller.user(), now, token);
    }

    static ApiToken token(TokenRecord record) {
        return new ApiToken(record.id(), record.user(), record.createdAt(), null);
    }

    static Map<String, String> wire(Map<String, Role> roles) {
        Map<String, String> out = new TreeMap<>();
        roles.forEach((project, role) -> out.put(project, role.wireName()));
        return out;
    }

    /** A project name, or {@code *} for every project. */
    private static String project(String project, String field) {
        if (project == null || (!project.equals(Principal.ALL_PROJECTS) && !Names.isValid(project))) {
            throw new LeptonException(ErrorCode.INVALID_ARGUMENT, field + ": " + Names.RULE + " or '*' (got '" + project + "')");
        }
        return project;
    }

    private static Role role(String text) {
        try {
            return Role.parse(text == null ? "" : text);
        } catch (IllegalArgumentException e) {
            throw new LeptonException(ErrorCode.INVALID_ARGUMENT, "role: " + e.getMessage());
        }
    }

    private static boolean flag(String text, String name) {
        if (text == null || text.isBlank() || text.equals("false")) {
            return false;
        }
        if (text.equals("true")) {
            return true;
        }
        throw new LeptonException(ErrorCode.INVALID_ARGUMENT, name + ": must be true or false (got '" + text + "')");
    }
}
