package dev.lepton.server.jobs;

import static dev.lepton.server.http.RouteTable.name;
import static java.util.Objects.requireNonNull;

import dev.lepton.api.v1.ApiEnergy;
import dev.lepton.api.v1.ApiEstimate;
import dev.lepton.api.v1.ApiEvent;
import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiJobStatus;
import dev.lepton.api.v1.ApiList;
import dev.lepton.core.auth.Role;
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
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/** {@code /api/v1/jobs…}: the routes of the jobs API. */
public final class JobRoutes {
    private static final Duration MAX_WAIT = Duration.ofMinutes(5);
    private static final int MAX_PAGE = 1_000;

    private final JobService jobs;
    private final ArrayService arrays;
    private final DependencyStates dependencies;
    private final LogStream logs;
    private final JobDeletion deletion;
    private final Function<String, ApiEnergy> footprints;
    private final DryRunEstimate estimates;

    /** {@code footprints}: what a job's workers cost so far, and where its energy figures came from, by the job's uid. */
    public JobRoutes(JobService jobs, ArrayService arrays, DependencyStates dependencies, LogAccess logs, JobDeletion deletion,
                     Function<String, ApiEnergy> footprints, DryRunEstimate estimates) {
        this.footprints = requireNonNull(footprints, "footprints is null");
        this.estimates = requireNonNull(estimates, "estimates is null");
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.arrays = requireNonNull(arrays, "arrays is null");
        this.dependencies = requireNonNull(dependencies, "dependencies is null");
        this.logs = new LogStream(jobs::get, requireNonNull(logs, "logs is null"));
        this.deletion = requireNonNull(deletion, "deletion is null");
    }

    public void register(RouteTable routes) {
        routes.post("/api/v1/jobs", Access.projectInBody(Role.EDITOR), "job.create", (ctx, caller) -> {
            boolean dryRun = "true".equals(ctx.queryParam("dryRun"));
            ApiJob body = Bodies.read(ctx, ApiJob.class);
            Optional<String> idempotencyKey = Optional.ofNullable(ctx.header("Idempotency-Key")).filter(k -> !k.isBlank());
            if (ArrayService.isArray(body)) {
                ArrayService.Created array = arrays.create(caller, jobs.accept(caller, body), dryRun, idempotencyKey);
                Bodies.json(ctx, array.created() ? 201 : 200, array.array());
                return;
            }
            JobService.Created created = jobs.create(caller, body, dryRun, idempotencyKey);
            ApiJob job = JobMapper.toApi(created.job());
            Optional<ApiEstimate> estimate = dryRun ? estimates.of(created.job()) : Optional.empty();
            Bodies.json(ctx, created.created() ? 201 : 200, estimate.map(e -> withStatus(job, job.status().withEstimate(e))).orElse(job));
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
        // An array's name stands for the array: answered as one job that sums its tasks up.
        routes.get("/api/v1/jobs/{name}", Access.project(Role.VIEWER), "job.get", (ctx, caller) -> {
            String project = caller.project();
            String name = name(ctx, "name");
            Bodies.json(ctx, jobOrArray(project, name, () -> {
                Job job = jobs.get(project, name);
                ApiJob shown = dependencies.show(job);
                return withStatus(shown, shown.status().withEnergy(footprints.apply(job.uid())));
            }, tasks -> ArrayService.toApi(project, name, tasks)));
        });
        routes.post("/api/v1/jobs/{name}/cancel", Access.project(Role.EDITOR), "job.cancel", (ctx, caller) -> {
            String name = name(ctx, "name");
            Bodies.json(ctx, jobOrArray(caller.project(), name, () -> JobMapper.toApi(jobs.cancel(caller, caller.project(), name)),
                    tasks -> arrays.cancel(caller, caller.project(), name, tasks)));
        });
        routes.delete("/api/v1/jobs/{name}", Access.project(Role.EDITOR), "job.delete",
                (ctx, caller) -> Bodies.json(ctx, JobMapper.toApi(deletion.delete(caller, caller.project(), name(ctx, "name")))));
        routes.get("/api/v1/jobs/{name}/wait", Access.project(Role.VIEWER), "job.wait", (ctx, caller) -> {
            Duration timeout = durationParam(ctx, "timeout", Duration.ofSeconds(30));
            String project = caller.project();
            String name = name(ctx, "name");
            Bodies.json(ctx, jobOrArray(project, name, () -> dependencies.show(jobs.await(project, name, timeout)),
                    tasks -> arrays.await(project, name, tasks, timeout)));
        });
        routes.get("/api/v1/jobs/{name}/explain", Access.project(Role.VIEWER), "job.explain", (ctx, caller) -> {
            String project = caller.project();
            String name = name(ctx, "name");
            Bodies.json(ctx, jobOrArray(project, name, () -> dependencies.explain(jobs.explain(project, name), jobs.get(project, name)),
                    tasks -> arrays.explain(name, tasks)));
        });
        routes.get("/api/v1/jobs/{name}/events", Access.project(Role.VIEWER), "job.events", (ctx, caller) -> {
            String project = caller.project();
            String name = name(ctx, "name");
            List<ApiEvent> events = jobOrArray(project, name, () -> jobs.events(project, name), tasks -> arrays.events(project, name)).stream()
                    .map(e -> new ApiEvent(e.seq(), e.at(), e.object(), e.type(), e.message())).toList();
            Bodies.json(ctx, new ApiList<>(events, null));
        });
        routes.get("/api/v1/jobs/{name}/logs", Access.project(Role.VIEWER), "job.logs",
                (ctx, caller) -> logs(ctx, caller.project(), name(ctx, "name")));
    }

    private void logs(Context ctx, String project, String name) throws InterruptedException {
        try {
            logs.serve(ctx, project, name);
        } catch (LeptonException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
            Optional<List<Job>> array = arrays.find(project, name);
            if (array.isEmpty()) {
                throw e;
            }
            throw new LeptonException(ErrorCode.NOT_FOUND, "job '" + project + "/" + name + "' is an array of " + array.get().size()
                    + " tasks; logs are per task, e.g. lepton job logs " + array.get().getFirst().name());
        }
    }

    /** The job of that name; if there is none, the array of that name; else the job's not-found. */
    private <T> T jobOrArray(String project, String name, Supplier<T> asJob, Function<List<Job>, T> asArray) {
        try {
            return asJob.get();
        } catch (LeptonException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
            return asArray.apply(arrays.find(project, name).orElseThrow(() -> e));
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

    private static ApiJob withStatus(ApiJob job, ApiJobStatus status) {
        return new ApiJob(job.kind(), job.apiVersion(), job.metadata(), job.spec(), status);
    }
}
