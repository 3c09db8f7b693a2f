package dev.lepton.server.audit;

import static java.util.Objects.requireNonNull;

import dev.lepton.api.v1.ApiAuditEntry;
import dev.lepton.api.v1.ApiAuditVerification;
import dev.lepton.api.v1.ApiList;
import dev.lepton.core.auth.Role;
import dev.lepton.core.event.AuditEntry;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.server.http.Access;
import dev.lepton.server.http.Bodies;
import dev.lepton.server.http.Names;
import dev.lepton.server.http.RouteTable;
import dev.lepton.store.AuditLog;
import dev.lepton.store.AuditQuery;
import dev.lepton.store.AuditVerdict;
import dev.lepton.store.Store;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * {@code /api/v1/audit}: the audit log, filtered and paged by seq like the other lists, and
 * {@code /api/v1/audit/verify}, which walks its hash chain. Both need the admin role in every
 * project. Reading the log is not itself audited: only mutations and refusals are.
 */
public final class AuditRoutes {
    private static final int DEFAULT_PAGE = 100;
    private static final int MAX_PAGE = 1_000;

    private final Store store;

    public AuditRoutes(Store store) {
        this.store = requireNonNull(store, "store is null");
    }

    public void register(RouteTable routes) {
        routes.get("/api/v1/audit", Access.cluster(Role.ADMIN), "audit.list", (ctx, caller) -> {
            AuditQuery query = query(ctx);
            List<AuditLog.ChainedEntry> page = store.read(tx -> tx.audit().listChained(new AuditQuery(query.actor(), query.project(),
                    query.action(), query.since(), query.until(), query.afterSeq(), query.limit() + 1)));
            List<ApiAuditEntry> items = page.stream().limit(query.limit()).map(AuditRoutes::toApi).toList();
            String next = page.size() > query.limit() ? Long.toString(page.get(query.limit() - 1).entry().seq()) : null;
            Bodies.json(ctx, new ApiList<>(items, next));
        });
        routes.get("/api/v1/audit/verify", Access.cluster(Role.ADMIN), "audit.verify", (ctx, caller) ->
                Bodies.json(ctx, switch (store.read(tx -> tx.audit().verify())) {
                    case AuditVerdict.Verified v -> ApiAuditVerification.verified(v.rows(), v.headSeq(), v.headHash());
                    case AuditVerdict.Broken b -> ApiAuditVerification.broken(b.seq(), b.reason());
                }));
    }

    static ApiAuditEntry toApi(AuditLog.ChainedEntry chained) {
        AuditEntry e = chained.entry();
        return new ApiAuditEntry(e.seq(), e.at(), e.actor(), e.action(), e.target(), e.allowed(), e.detail(), chained.hash());
    }

    private static AuditQuery query(Context ctx) {
        AuditQuery query = AuditQuery.all(limit(ctx)).after(cursor(ctx));
        Optional<String> actor = text(ctx, "actor");
        Optional<String> project = text(ctx, "project");
        Optional<String> action = text(ctx, "action");
        if (actor.isPresent()) {
            query = query.by(actor.get());
        }
        if (project.isPresent()) {
            if (!Names.isValid(project.get())) {
                throw new LeptonException(ErrorCode.INVALID_ARGUMENT, "project: " + Names.RULE + " (got '" + project.get() + "')");
            }
            query = query.about(project.get());
        }
        if (action.isPresent()) {
            query = query.of(action.get());
        }
        Optional<Instant> since = instant(ctx, "since");
        Optional<Instant> until = instant(ctx, "until");
        if (since.isPresent()) {
            query = query.since(since.get());
        }
        if (until.isPresent()) {
            query = query.until(until.get());
        }
        return query;
    }

    private static Optional<String> text(Context ctx, String param) {
        return Optional.ofNullable(ctx.queryParam(param)).map(String::strip).filter(t -> !t.isEmpty());
    }

    private static Optional<Instant> instant(Context ctx, String param) {
        Optional<String> text = text(ctx, param);
        try {
            return text.map(Instant::parse);
        } catch (DateTimeParseException e) {
            throw new LeptonException(ErrorCode.INVALID_ARGUMENT, param + ": must be an ISO-8601 instant like 2026-12-01T08:00:00Z (got '"
                    + text.orElseThrow() + "')");
        }
    }

    /** The seq after which the page starts: {@code cursor} from the previous page ({@code after} is its older name). */
    private static long cursor(Context ctx) {
        Optional<String> text = text(ctx, "cursor").or(() -> text(ctx, "after"));
        try {
            long seq = text.map(Long::parseLong).orElse(0L);
            if (seq < 0) {
                throw new NumberFormatException();
            }
            return seq;
        } catch (NumberFormatException e) {
            throw new LeptonException(ErrorCode.INVALID_ARGUMENT, "cursor: not a cursor from a previous page (got '" + text.orElseThrow() + "')");
        }
    }

    private static int limit(Context ctx) {
        Optional<String> text = text(ctx, "limit");
        try {
            int limit = text.map(Integer::parseInt).orElse(DEFAULT_PAGE);
            if (limit < 1 || limit > MAX_PAGE) {
                throw new NumberFormatException();
            }
            return limit;
        } catch (NumberFormatException e) {
            throw new LeptonException(ErrorCode.INVALID_ARGUMENT, "limit: must be an integer from 1 to " + MAX_PAGE + " (got '" + text.orElseThrow() + "')");
        }
    }
}
