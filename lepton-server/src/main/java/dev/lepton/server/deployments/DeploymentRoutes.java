package dev.lepton.server.deployments;

import static dev.lepton.server.http.RouteTable.name;
import static java.util.Objects.requireNonNull;

import dev.lepton.api.v1.ApiDeployment;
import dev.lepton.api.v1.ApiEvent;
import dev.lepton.api.v1.ApiList;
import dev.lepton.api.v1.ApiScale;
import dev.lepton.api.v1.ApiToken;
import dev.lepton.core.auth.Role;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.serving.Deployment;
import dev.lepton.core.serving.DeploymentSpec;
import dev.lepton.server.auth.Tokens;
import dev.lepton.server.http.Access;
import dev.lepton.server.http.Bodies;
import dev.lepton.server.http.Caller;
import dev.lepton.server.http.RouteTable;
import dev.lepton.server.jobs.WorkerImages;
import dev.lepton.store.Store;
import dev.lepton.store.TokenRecord;
import dev.lepton.store.Tx;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiPredicate;

/**
 * {@code /api/v1/deployments}: create, apply, read, scale, roll back and delete deployments. Each change is stored with its
 * event and audit row in one transaction, then the controller is woken to act on it.
 */
public final class DeploymentRoutes {
    private final Store store;
    private final DeploymentController controller;
    private final InstantSource clock;
    private final BiPredicate<String, String> codeInProject;
    private final WorkerImages images;

    /**
     * {@code codeInProject} says whether a project has uploaded the snapshot of this SHA-256 (a model is one); {@code images},
     * whether replicas run in container images, and so what a deployment must name.
     */
    public DeploymentRoutes(Store store, DeploymentController controller, InstantSource clock, BiPredicate<String, String> codeInProject,
                            WorkerImages images) {
        this.store = requireNonNull(store, "store is null");
        this.controller = requireNonNull(controller, "controller is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.codeInProject = requireNonNull(codeInProject, "codeInProject is null");
        this.images = requireNonNull(images, "images is null");
    }

    public void register(RouteTable routes) {
        routes.get("/api/v1/deployments", Access.project(Role.VIEWER), "deployment.list", (ctx, caller) -> Bodies.json(ctx, new ApiList<>(
                store.read(tx -> tx.deployments().list(Optional.of(caller.project()))).stream().map(this::view).toList(), null)));
        routes.get("/api/v1/deployments/{name}", Access.project(Role.VIEWER), "deployment.get",
                (ctx, caller) -> {
                    Deployment d = find(caller, name(ctx, "name"));
                    Bodies.json(ctx, DeploymentMapper.toApi(d, controller.status(d, true)));
                });
        routes.get("/api/v1/deployments/{name}/events", Access.project(Role.VIEWER), "deployment.events", (ctx, caller) -> {
            Deployment d = find(caller, name(ctx, "name"));
            Bodies.json(ctx, new ApiList<>(store.read(tx -> tx.events().list(d.project(), d.eventObject(), 0, 1_000)).stream()
                    .map(e -> new ApiEvent(e.seq(), e.at(), e.object(), e.type(), e.message())).toList(), null));
        });
        routes.post("/api/v1/deployments", Access.projectInBody(Role.EDITOR), "deployment.create",
                (ctx, caller) -> Bodies.json(ctx, 201, view(create(caller, Bodies.read(ctx, ApiDeployment.class)))));
        routes.put("/api/v1/deployments/{name}", Access.projectInBody(Role.EDITOR), "deployment.apply",
                (ctx, caller) -> Bodies.json(ctx, view(apply(caller, name(ctx, "name"), Bodies.read(ctx, ApiDeployment.class)))));
        routes.put("/api/v1/deployments/{name}/scale", Access.project(Role.EDITOR), "deployment.scale",
                (ctx, caller) -> Bodies.json(ctx, view(scale(caller, name(ctx, "name"), Bodies.read(ctx, ApiScale.class)))));
        routes.post("/api/v1/deployments/{name}/rollback", Access.project(Role.EDITOR), "deployment.rollback",
                (ctx, caller) -> Bodies.json(ctx, view(rollback(caller, name(ctx, "name"), revisionParam(ctx.queryParam("revision"))))));
        routes.delete("/api/v1/deployments/{name}", Access.project(Role.EDITOR), "deployment.delete", (ctx, caller) -> {
            delete(caller, name(ctx, "name"));
            ctx.status(204);
        });
        routes.post("/api/v1/deployments/{name}/tokens", Access.project(Role.EDITOR), "deployment.token.create",
                (ctx, caller) -> Bodies.json(ctx, 201, createToken(caller, name(ctx, "name"))));
        routes.get("/api/v1/deployments/{name}/tokens", Access.project(Role.VIEWER), "deployment.token.list",
                (ctx, caller) -> Bodies.json(ctx, new ApiList<>(store.read(tx -> tx.deployments().endpointTokens(find(caller, name(ctx, "name")).name()))
                        .stream().map(t -> new ApiToken(t.id(), t.user(), t.createdAt(), null)).toList(), null)));
        routes.post("/api/v1/deployments/{name}/tokens/{id}/revoke", Access.project(Role.EDITOR), "deployment.token.revoke",
                (ctx, caller) -> Bodies.json(ctx, revokeToken(caller, name(ctx, "name"), ctx.pathParam("id"))));
    }

    private ApiDeployment view(Deployment d) {
        return DeploymentMapper.toApi(d, controller.status(d));
    }

    private Deployment find(Caller caller, String name) {
        return store.read(tx -> tx.deployments().find(name)).filter(d -> d.project().equals(caller.project()))
                .orElseThrow(() -> LeptonException.notFound("deployment", caller.project() + "/" + name));
    }

    private DeploymentMapper.Accepted accept(Caller caller, ApiDeployment body) {
        DeploymentMapper.Accepted accepted = DeploymentMapper.accept(body, caller.project(), clock.instant());
        caller.require(Role.EDITOR, accepted.project());
        DeploymentSpec spec = accepted.spec();
        images.check(spec);
        spec.model().ifPresent(m -> {
            if (!controller.servesModels()) {
                throw new LeptonException(ErrorCode.INVALID_SPEC, "spec.model: this server does not run from lepton.jar, so it cannot start "
                        + "lepton serve-model for a model; deploy a command instead");
            }
        });
        spec.model().map(DeploymentSpec.ModelSource::snapshot).or(spec::code).filter(sha -> !codeInProject.test(accepted.project(), sha))
                .ifPresent(sha -> {
                    throw new LeptonException(ErrorCode.INVALID_SPEC, (spec.model().isPresent() ? "spec.model" : "spec.code") + ": project "
                            + accepted.project() + " has no snapshot sha256:" + sha + "; upload it first (PUT /api/v1/code/" + sha
                            + ", as lepton deploy create --model does)");
                });
        return accepted;
    }

    private Deployment create(Caller caller, ApiDeployment body) {
        DeploymentMapper.Accepted accepted = accept(caller, body);
        Instant now = clock.instant();
        Deployment created = store.write(tx -> {
            Deployment stored = tx.deployments().insert(new Deployment(accepted.project(), accepted.name(), UUID.randomUUID().toString(),
                    caller.user(), 1, accepted.spec(), now, 0));
            record(tx, caller, stored, "Created", "created by " + caller.user() + " at revision 1", now);
            return stored;
        });
        controller.wake();
        return created;
    }

    private Deployment apply(Caller caller, String name, ApiDeployment body) {
        if (body.metadata() != null && body.metadata().name() != null && !body.metadata().name().equals(name)) {
            throw new LeptonException(ErrorCode.INVALID_SPEC, "metadata.name: '" + body.metadata().name() + "' is not the deployment in the path, '"
                    + name + "'");
        }
        ApiDeployment named = new ApiDeployment(body.kind(), body.apiVersion(), body.metadata() == null
                ? dev.lepton.api.v1.ObjectMeta.named(name, null) : new dev.lepton.api.v1.ObjectMeta(name, body.metadata().project(),
                body.metadata().labels(), null, null, null), body.spec(), null);
        DeploymentMapper.Accepted accepted = accept(caller, named);
        Optional<Deployment> existing = store.read(tx -> tx.deployments().find(name));
        if (existing.isEmpty()) {
            return create(caller, named);
        }
        return change(caller, existing.get(), accepted.project(), accepted.spec(), "Updated", "updated by " + caller.user());
    }

    private Deployment change(Caller caller, Deployment current, String project, DeploymentSpec spec, String reason, String message) {
        if (!current.project().equals(project)) {
            throw new LeptonException(ErrorCode.ALREADY_EXISTS, "deployment '" + current.name() + "' already exists in project " + current.project()
                    + "; a deployment's name is its endpoint, unique on the server");
        }
        Deployment stored = DeploymentChanges.save(store, caller.user(), caller.action(), current, spec, reason,
                message, clock.instant());
        controller.wake();
        return stored;
    }

    private Deployment scale(Caller caller, String name, ApiScale scale) {
        Deployment current = find(caller, name);
        int min = scale.min() == null ? current.spec().scaling().minReplicas() : scale.min();
        int max = scale.max() == null ? Math.max(min, current.spec().scaling().maxReplicas()) : scale.max();
        if (min < 0 || min > DeploymentMapper.MAX_REPLICAS) {
            throw LeptonException.invalid("min", min, "must be 0-" + DeploymentMapper.MAX_REPLICAS);
        }
        if (max < Math.max(1, min) || max > DeploymentMapper.MAX_REPLICAS) {
            throw LeptonException.invalid("max", max, "must be 1-" + DeploymentMapper.MAX_REPLICAS + " and at least min (" + min + ")");
        }
        return change(caller, current, current.project(), current.spec().withReplicas(min, max), "Scaled",
                "scaled to " + min + ".." + max + " replicas by " + caller.user());
    }

    private Deployment rollback(Caller caller, String name, Optional<Long> revision) {
        Deployment current = find(caller, name);
        long target = revision.orElse(current.revision() - 1);
        if (target < 1 || target >= current.revision()) {
            throw LeptonException.invalid("revision", target, current.revision() == 1 ? "there is no earlier revision than 1"
                    : "must be 1-" + (current.revision() - 1) + ", an earlier revision");
        }
        DeploymentSpec spec = store.read(tx -> tx.deployments().revision(name, target))
                .orElseThrow(() -> LeptonException.notFound("revision", name + "/" + target));
        return change(caller, current, current.project(), spec, "RolledBack", "rolled back to the spec of revision " + target + " by " + caller.user());
    }

    private void delete(Caller caller, String name) {
        Deployment current = find(caller, name);
        controller.stopAll(current);
        Instant now = clock.instant();
        store.write(tx -> {
            tx.deployments().delete(name);
            record(tx, caller, current, "Deleted", "deleted by " + caller.user(), now);
            return null;
        });
    }

    /** A new endpoint token: its secret is in this answer and nowhere else (the store keeps its hash). */
    private ApiToken createToken(Caller caller, String name) {
        Deployment d = find(caller, name);
        String token = Tokens.generate();
        Instant now = clock.instant();
        TokenRecord made = store.write(tx -> {
            TokenRecord record = tx.deployments().addEndpointToken(d.name(), Tokens.hash(token), caller.user(), now);
            record(tx, caller, d, "TokenCreated", "endpoint token " + record.id() + " made by " + caller.user(), now);
            return record;
        });
        controller.readEndpointTokens();
        return new ApiToken(made.id(), made.user(), made.createdAt(), token);
    }

    /** Revokes endpoint token {@code id}: the gateway refuses it from the answer on. Answers the token revoked. */
    private ApiToken revokeToken(Caller caller, String name, String id) {
        Deployment d = find(caller, name);
        Instant now = clock.instant();
        TokenRecord revoked = store.write(tx -> {
            Optional<TokenRecord> token = tx.deployments().endpointTokens(d.name()).stream().filter(t -> t.id().equals(id)).findFirst();
            if (token.isEmpty() || !tx.deployments().revokeEndpointToken(d.name(), id)) {
                throw LeptonException.notFound("endpoint token", d.name() + "/" + id);
            }
            record(tx, caller, d, "TokenRevoked", "endpoint token " + id + " revoked by " + caller.user(), now);
            return token.get();
        });
        controller.readEndpointTokens();
        return new ApiToken(revoked.id(), revoked.user(), revoked.createdAt(), null);
    }

    private static void record(Tx tx, Caller caller, Deployment d, String reason, String message, Instant now) {
        tx.events().append(d.project(), d.eventObject(), reason, message, now);
        tx.audit().record(now, caller.user(), caller.action(), "deployment/" + d.project() + "/" + d.name(), true, "");
    }

    private static Optional<Long> revisionParam(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw LeptonException.invalid("revision", text, "must be a whole number");
        }
    }
}
