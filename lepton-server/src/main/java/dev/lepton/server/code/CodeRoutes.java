package dev.lepton.server.code;

import static java.util.Objects.requireNonNull;

import dev.lepton.api.v1.ApiCodeSnapshot;
import dev.lepton.core.auth.Role;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.resource.Quantities;
import dev.lepton.server.http.Access;
import dev.lepton.server.http.Bodies;
import dev.lepton.server.http.RouteTable;
import dev.lepton.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.time.InstantSource;

/**
 * {@code /api/v1/code/{sha256}}: the CLI asks whether the project has a snapshot ({@code HEAD}, 200 or
 * 404) and sends it only when not ({@code PUT}, the gzip tar as the body, checked against the hash).
 */
public final class CodeRoutes {
    private final CodeStore store;
    private final Store db;
    private final InstantSource clock;

    public CodeRoutes(CodeStore store, Store db, InstantSource clock) {
        this.store = requireNonNull(store, "store is null");
        this.db = requireNonNull(db, "db is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public void register(RouteTable routes) {
        routes.head("/api/v1/code/{sha256}", Access.project(Role.VIEWER), "code.check", (ctx, caller) -> {
            String sha = ctx.pathParam("sha256");
            CodeStore.requireSha(sha, "sha256");
            ctx.status(store.has(caller.project(), sha) ? 200 : 404);
        });
        routes.put("/api/v1/code/{sha256}", Access.project(Role.EDITOR), "code.upload", (ctx, caller) -> {
            String sha = ctx.pathParam("sha256");
            CodeStore.requireSha(sha, "sha256");
            long declared = ctx.contentLength();
            if (declared > store.maxBytes()) {
                throw new LeptonException(ErrorCode.BODY_TOO_LARGE, "code snapshot: " + Quantities.formatBytes(declared)
                        + " is over the " + Quantities.formatBytes(store.maxBytes())
                        + " cap; leave out what the job does not need (.leptonignore)");
            }
            CodeStore.Stored stored;
            try (InputStream body = ctx.bodyInputStream()) {
                stored = store.put(caller.project(), sha, body);
            } catch (IOException e) {
                throw new LeptonException(ErrorCode.INVALID_ARGUMENT, "body: the upload broke off (" + e.getMessage() + ")");
            }
            db.write(tx -> tx.audit().record(clock.instant(), caller.user(), caller.action(), "code/" + caller.project() + "/" + sha, true,
                    stored.sizeBytes() + " bytes" + (stored.created() ? "" : ", already stored")));
            Bodies.json(ctx, stored.created() ? 201 : 200, new ApiCodeSnapshot(stored.sha256(), caller.project(), stored.sizeBytes()));
        });
    }
}
