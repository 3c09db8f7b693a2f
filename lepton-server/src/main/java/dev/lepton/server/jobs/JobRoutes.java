package dev.lepton.server.jobs;

import static dev.lepton.server.http.RouteTable.name;
import static java.util.Objects.requireNonNull;

import dev.lepton.api.v1.ApiEvent;
import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiList;
import dev.lepton.core.auth.Role;
import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.LogAccess;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobPhase;
import dev.lepton.core.resource.Quantities;
import dev.lepton.server.http.Access;
import dev.lepton.server.http.Bodies;
import dev.lepton.server.http.RouteTable;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** {@code /api/v1/jobs…}: the routes of the jobs API. */
public final class JobRoutes {
    private static final Duration MAX_WAIT = Duration.ofMinutes(5);
    private static final int MAX_PAGE = 1_000;

    private final JobService jobs;
    private final LogAccess logs;

    public JobRoutes(JobService jobs, LogAccess logs) {
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.logs = requireNonNull(logs, "logs is null");
    }

    public void register(RouteTable routes) {
        routes.post("/api/v1/jobs", Access.projectInBody(Role.EDITOR), "job.create", (ctx, caller) -> {
            boolean dryRun = "true".equals(ctx.queryParam("dryRun"));
            JobService.Created created = jobs.create(caller, Bodies.read(ctx, ApiJob.class), dryRun,
                    Optional.ofNullable(ctx.header("Idempotency-Key")).filter(k -> !k.isBlank()));
            Bodies.json(ctx, created.created() ? 201 : 200, JobMapper.toApi(created.job()));
        });
        routes.get("/api/v1/jobs", Access.project(Role.VIEWER), "job.list", (ctx, caller) -> {
            boolean all = "true".equals(ctx.queryParam("allProjects"));
            if (all) {
                caller.requireEverywhere(Role.VIEWER);
            }
            int limit = intParam(ctx, "limit", 100, 1, MAX_PAGE);
            Optional<Long> cursor = Optional.ofNullable(ctx.queryParam("cursor")).map(c -> parseCursor(c));
            List<Job> page = jobs.list(all ? Optional.empty() : Optional.of(caller.project()), phases(ctx), limit + 1, cursor);
            List<ApiJob> items = page.stream().limit(limit).map(JobMapper::toApi).toList();
            String next = page.size() > limit ? Long.toString(page.get(limit - 1).seq()) : null;
            Bodies.json(ctx, new ApiList<>(items, next));
        });
        routes.get("/api/v1/jobs/{name}", Access.project(Role.VIEWER), "job.get",
                (ctx, caller) -> Bodies.json(ctx, JobMapper.toApi(jobs.get(caller.project(), name(ctx, "name")))));
        routes.post("/api/v1/jobs/{name}/cancel", Access.project(Role.EDITOR), "job.cancel",
                (ctx, caller) -> Bodies.json(ctx, JobMapper.toApi(jobs.cancel(caller, caller.project(), name(ctx, "name")))));
        routes.get("/api/v1/jobs/{name}/wait", Access.project(Role.VIEWER), "job.wait", (ctx, caller) -> {
            Duration timeout = durationParam(ctx, "timeout", Duration.ofSeconds(30));
            Bodies.json(ctx, JobMapper.toApi(jobs.await(caller.project(), name(ctx, "name"), timeout)));
        });
        routes.get("/api/v1/jobs/{name}/explain", Access.project(Role.VIEWER), "job.explain",
                (ctx, caller) -> Bodies.json(ctx, jobs.explain(caller.project(), name(ctx, "name"))));
        routes.get("/api/v1/jobs/{name}/events", Access.project(Role.VIEWER), "job.events", (ctx, caller) -> {
            List<ApiEvent> events = jobs.events(caller.project(), name(ctx, "name")).stream()
                    .map(e -> new ApiEvent(e.seq(), e.at(), e.object(), e.type(), e.message())).toList();
            Bodies.json(ctx, new ApiList<>(events, null));
        });
        routes.get("/api/v1/jobs/{name}/logs", Access.project(Role.VIEWER), "job.logs",
                (ctx, caller) -> streamLog(ctx, caller.project(), name(ctx, "name")));
    }

    /**
     * Copies the worker's log of the current attempt. With {@code follow=true}, keeps copying as it
     * grows until the worker ends (waiting first, if the job has not started yet).
     */
    private void streamLog(Context ctx, String project, String name) throws IOException, InterruptedException {
        int rank = intParam(ctx, "worker", 0, 0, JobMapper.MAX_WORKERS - 1);
        boolean follow = "true".equals(ctx.queryParam("follow"));
        Job job = jobs.get(project, name);
        if (rank >= job.spec().workers()) {
            throw new LeptonException(ErrorCode.INVALID_ARGUMENT, "worker: job " + name + " has workers 0 to "
                    + (job.spec().workers() - 1) + " (got " + rank + ")");
        }
        ctx.contentType("text/plain; charset=utf-8");
        OutputStream out = ctx.outputStream();
        long offset = 0;
        int epoch = job.status().epoch();
        while (true) {
            if (epoch > 0) {
                offset += copy(new AttemptId(job.uid(), epoch, rank), offset, out);
            }
            if (!follow || job.phase().isTerminal() && epoch == job.status().epoch()) {
                break;
            }
            Thread.sleep(200);
            job = jobs.get(project, name);
            if (job.status().epoch() != epoch) {
                if (epoch > 0) {
                    offset += copy(new AttemptId(job.uid(), epoch, rank), offset, out);
                }
                epoch = job.status().epoch();
                offset = 0;
            }
        }
        out.flush();
    }

    private long copy(AttemptId attempt, long offset, OutputStream out) throws IOException {
        Optional<InputStream> log = logs.openLog(attempt, offset);
        if (log.isEmpty()) {
            return 0;
        }
        try (InputStream in = log.get()) {
            long copied = in.transferTo(out);
            out.flush();
            return copied;
        }
    }

    private static Set<JobPhase> phases(Context ctx) {
        String phase = ctx.queryParam("phase");
        if (phase == null || phase.isBlank()) {
            return Set.of();
        }
        EnumSet<JobPhase> phases = EnumSet.noneOf(JobPhase.class);
        for (String p : phase.split(",")) {
            try {
                phases.add(JobPhase.valueOf(p.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new LeptonException(ErrorCode.INVALID_ARGUMENT, "phase: unknown phase '" + p + "' (known: "
                        + EnumSet.allOf(JobPhase.class).stream().map(JobPhase::displayName).toList() + ")");
            }
        }
        return phases;
    }

    private static long parseCursor(String cursor) {
        try {
            return Long.parseLong(cursor);
        } catch (NumberFormatException e) {
            throw new LeptonException(ErrorCode.INVALID_ARGUMENT, "cursor: not a cursor from a previous page (got '" + cursor + "')");
        }
    }

    static int intParam(Context ctx, String param, int fallback, int min, int max) {
        String text = ctx.queryParam(param);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value < min || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new LeptonException(ErrorCode.INVALID_ARGUMENT, param + ": must be an integer from " + min + " to " + max
                    + " (got '" + text + "')");
        }
    }

    private static Duration durationParam(Context ctx, String param, Duration fallback) {
        String text = ctx.queryParam(param);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            Duration d = Quantities.parseDuration(text);
            return d.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : d;
        } catch (IllegalArgumentException e) {
            throw new LeptonException(ErrorCode.INVALID_ARGUMENT, param + ": " + e.getMessage() + " (got '" + text + "')");
        }
    }
}
