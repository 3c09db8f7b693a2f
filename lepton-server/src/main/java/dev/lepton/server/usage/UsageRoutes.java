package dev.lepton.server.usage;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.auth.Role;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.resource.Quantities;
import dev.lepton.server.http.Access;
import dev.lepton.server.http.Bodies;
import dev.lepton.server.http.RouteTable;
import dev.lepton.store.AttemptUsage;
import dev.lepton.store.Store;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.InstantSource;
import java.util.List;

/**
 * {@code GET /api/v1/usage?by=user|project|queue&from=…&to=…}: the usage history of a project (or,
 * with {@code allProjects=true}, of every project the caller may see everywhere). {@code from} and
 * {@code to} take an instant ({@code 2026-12-01T08:00:00Z}), a day ({@code 2026-12-01}, from its start
 * in UTC) or a time ago ({@code 7d}); by default, the last 30 days.
 */
public final class UsageRoutes {
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(30);

    private final Store store;
    private final InstantSource clock;

    public UsageRoutes(Store store, InstantSource clock) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public void register(RouteTable routes) {
        routes.get("/api/v1/usage", Access.project(Role.VIEWER), "usage.get", (ctx, caller) -> {
            boolean all = "true".equals(ctx.queryParam("allProjects"));
            if (all) {
                caller.requireEverywhere(Role.VIEWER);
            }
            Instant now = clock.instant();
            UsageReport.By by = by(ctx);
            Instant to = instant(ctx, "to", now, now);
            Instant from = instant(ctx, "from", to.minus(DEFAULT_WINDOW), now);
            if (!from.isBefore(to)) {
                throw new LeptonException(ErrorCode.INVALID_ARGUMENT, "from: must be before to (got from " + from + ", to " + to + ")");
            }
            String project = caller.project();
            List<AttemptUsage> ledger = store.read(tx -> tx.usage().overlapping(from, to)).stream()
                    .filter(row -> all || row.project().equals(project)).toList();
            Bodies.json(ctx, UsageReport.of(ledger, by, from, to, now));
        });
    }

    private static UsageReport.By by(Context ctx) {
        String text = ctx.queryParam("by");
        if (text == null || text.isBlank()) {
            return UsageReport.By.PROJECT;
        }
        try {
            return UsageReport.By.parse(text.strip());
        } catch (IllegalArgumentException e) {
            throw new LeptonException(ErrorCode.INVALID_ARGUMENT, "by: " + e.getMessage() + " (got '" + text + "')");
        }
    }

    /** An instant, a day (its start, UTC) or a duration before {@code now}. */
    public static Instant instant(Context ctx, String param, Instant fallback, Instant now) {
        String text = ctx.queryParam(param);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        String value = text.strip();
        try {
            if (value.contains("T")) {
                return Instant.parse(value);
            }
            if (value.length() == 10 && value.charAt(4) == '-') {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return now.minus(Quantities.parseDuration(value));
        } catch (DateTimeParseException | IllegalArgumentException | ArithmeticException e) {
            throw new LeptonException(ErrorCode.INVALID_ARGUMENT, param + ": write an instant (2026-12-01T08:00:00Z), a day (2026-12-01)"
                    + " or a time ago (7d) (got '" + text + "')");
        }
    }
}
