package dev.lepton.server.jobs;

import static java.util.Objects.requireNonNull;

import dev.lepton.api.v1.ApiExplanation;
import dev.lepton.api.v1.ApiJob;
import dev.lepton.core.auth.Role;
import dev.lepton.core.event.Event;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobPhase;
import dev.lepton.core.job.JobStatus;
import dev.lepton.core.job.JobTransitions;
import dev.lepton.core.job.WaitCause;
import dev.lepton.core.placement.PlacementOutcome;
import dev.lepton.core.placement.PlacementRequest;
import dev.lepton.core.queue.Queue;
import dev.lepton.server.http.Caller;
import dev.lepton.server.scheduler.Decisions;
import dev.lepton.server.scheduler.JobWatchers;
import dev.lepton.server.scheduler.SchedulerLoop;
import dev.lepton.server.usage.LiveUsage;
import dev.lepton.store.JobQuery;
import dev.lepton.store.Store;
import dev.lepton.store.Tx;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** What the jobs API does, apart from HTTP: every mutation stored with its event and audit row in one transaction. */
public final class JobService {
    private final Store store;
    private final SchedulerLoop loop;
    private final JobWatchers watchers;
    private final LiveUsage usage;
    private final InstantSource clock;
    private final Supplier<String> uids;
    private final BiPredicate<String, String> codeInProject;
    private final WorkerImages images;

    /**
     * {@code codeInProject} says whether a project has uploaded the code snapshot of this SHA-256; {@code images}, whether the
     * server's workers run in container images, and so whether a job must name one.
     */
    public JobService(Store store, SchedulerLoop loop, JobWatchers watchers, LiveUsage usage, InstantSource clock,
                      Supplier<String> uids, BiPredicate<String, String> codeInProject, WorkerImages images) {
        this.codeInProject = requireNonNull(codeInProject, "codeInProject is null");
        this.images = requireNonNull(images, "images is null");
        this.store = requireNonNull(store, "store is null");
        this.loop = requireNonNull(loop, "loop is null");
        this.watchers = requireNonNull(watchers, "watchers is null");
        this.usage = requireNonNull(usage, "usage is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.uids = requireNonNull(uids, "uids is null");
    }

    /** The stored job, and whether this request created it (false: an earlier request with the same idempotency key did). */
    public record Created(Job job, boolean created) {}

    /**
     * A submission checked as far as it can be before it is stored, a job or an array alike: the spec, the caller's role in its
     * project, its code snapshot, and whether this server's workers can run it.
     */
    public JobMapper.Accepted accept(Caller caller, ApiJob body) {
        JobMapper.Accepted accepted = JobMapper.accept(body, caller.project(), clock.instant());
        caller.require(Role.EDITOR, accepted.project());
        images.check(accepted.spec());
        accepted.spec().code().filter(sha -> !codeInProject.test(accepted.project(), sha)).ifPresent(sha -> {
            throw new LeptonException(ErrorCode.INVALID_SPEC, "spec.code: project " + accepted.project() + " has no snapshot "
                    + JobMapper.CODE_PREFIX + sha + "; upload it first (PUT /api/v1/code/" + sha + ", as lepton job run --code does)");
        });
        return accepted;
    }

    public Created create(Caller caller, ApiJob body, boolean dryRun, Optional<String> idempotencyKey) {
        JobMapper.Accepted accepted = accept(caller, body);
        Instant now = clock.instant();
        Job job = JobTransitions.admit(new Job(accepted.project(), accepted.name(), uids.get(), caller.user(), 0, now, 0, accepted.spec(), JobStatus.pending()));
        Created result = loop.jobCounts().submit(job.owner(), job.project(), 1, caller.limited(),
                () -> dryRun ? new Created(store.read(tx -> {
                    requireQueue(tx, job);
                    return Submission.prepare(tx, job);
                }), false) : store(caller, job, idempotencyKey, now), Created::created);
        if (result.created()) {
            loop.submitted(result.job());
        }
        return result;
    }

    private Created store(Caller caller, Job job, Optional<String> idempotencyKey, Instant now) {
        return store.write(tx -> {
            if (idempotencyKey.isPresent()) {
                Optional<String> earlier = tx.idempotency().find(caller.user(), idempotencyKey.get());
                if (earlier.isPresent()) {
                    String[] ref = earlier.get().split("/", 2);
                    // The key may have made an array, or a job deleted since: not this request's job, and no server fault.
                    return new Created(tx.jobs().find(ref[0], ref[1]).orElseThrow(() -> new LeptonException(ErrorCode.ALREADY_EXISTS,
                            "Idempotency-Key: already used for '" + earlier.get() + "', which is not a job (an array, or deleted)")), false);
                }
            }
            // In the same transaction as the insert: a queue deleted meanwhile cannot end up holding the job.
            requireQueue(tx, job);
            Job stored = tx.jobs().insert(Submission.prepare(tx, job));
            tx.events().append(stored.project(), "job/" + stored.name(), "Created",
                    "submitted by " + caller.user() + " to queue " + stored.spec().queue(), now);
            tx.audit().record(now, caller.user(), caller.action(), "job/" + stored.qualifiedName(), true, "");
            idempotencyKey.ifPresent(key -> tx.idempotency().put(caller.user(), key, stored.qualifiedName(), now));
            return new Created(stored, true);
        });
    }

    static void requireQueue(Tx tx, Job job) {
        if (!tx.queues().exists(job.spec().queue())) {
            throw new LeptonException(ErrorCode.INVALID_SPEC, "spec.queue: no queue named '" + job.spec().queue() + "' (known: "
                    + tx.queues().list().stream().map(Queue::name).collect(Collectors.joining(", ")) + ")");
        }
    }

    /** The job as stored, with its running workers' latest usage. */
    public Job get(String project, String name) {
        return store.read(tx -> tx.jobs().find(project, name)).map(usage::overlay)
                .orElseThrow(() -> LeptonException.notFound("job", project + "/" + name));
    }

    public List<Job> list(Optional<String> project, Set<JobPhase> phases, int limit, Optional<Long> after) {
        return list(new JobQuery(project, phases, limit, after));
    }

    public List<Job> list(JobQuery query) {
        return store.read(tx -> tx.jobs().list(query)).stream().map(usage::overlay).toList();
    }

    public Job cancel(Caller caller, String project, String name) {
        get(project, name);
        return join(loop.cancel(project, name, caller.user(), caller.action()));
    }

    /** Blocks until the job ends or the timeout passes, then answers the job as it is. */
    public Job await(String project, String name, Duration timeout) {
        String key = project + "/" + name;
        CompletableFuture<Job> ended = watchers.whenEnded(key);
        try {
            Job now = get(project, name);
            if (now.phase().isTerminal()) {
                return now;
            }
            return ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return get(project, name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LeptonException(ErrorCode.UNAVAILABLE, "interrupted while waiting for job " + key);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            watchers.forget(key, ended);
        }
    }

    public List<Event> events(String project, String name) {
        get(project, name);
        return store.read(tx -> tx.events().list(project, "job/" + name, 0, 1_000));
    }

    /**
     * Why the job is where it is. For a queued job, what the scheduler last decided and every node's
     * verdict then; for one it has not decided about (just submitted, or behind the line), what
     * placement says about every node right now.
     */
    public ApiExplanation explain(String project, String name) {
        Job job = get(project, name);
        if (job.phase() == JobPhase.DEFERRED) {
            return deferred(job);
        }
        if (job.phase() != JobPhase.QUEUED) {
            String where = job.status().workers().stream().map(w -> "worker " + w.rank() + " on " + w.node()).collect(Collectors.joining(", "));
            String summary = job.status().message() + (where.isEmpty() ? "" : " (" + where + ")");
            return new ApiExplanation(job.name(), job.phase().displayName(), job.phase().displayName(), summary, null, null, List.of());
        }
        Optional<Decisions.Decided> decided = loop.lastDecision(job);
        if (decided.isPresent()) {
            Decisions.Decided d = decided.get();
            List<ApiExplanation.NodeVerdict> nodes = d.nodes().stream().map(n -> verdict(n.node(), n.rejection(), n.score(), n.parts())).toList();
            return new ApiExplanation(job.name(), job.phase().displayName(), d.cause() == WaitCause.INFEASIBLE ? "Infeasible" : "Waiting",
                    d.reason(), d.cause().displayName(), d.at(), nodes);
        }
        PlacementOutcome outcome = loop.placementFor(job.spec().queue()).place(loop.snapshot(),
                new PlacementRequest(job.qualifiedName(), job.spec().resources(), job.spec().workers(), job.spec().constraints()));
        List<ApiExplanation.NodeVerdict> nodes = outcome.verdicts().stream()
                .map(v -> verdict(v.node(), v.rejection(), v.score(), Map.of())).toList();
        return new ApiExplanation(job.name(), job.phase().displayName(), kind(outcome), summary(job, outcome),
                job.status().waitCause().map(WaitCause::displayName).orElse(null), null, nodes);
    }

    /**
     * A deferred job: the decision's line (its chosen start, the intensity forecast then against now), when it
     * starts and until when it is expected to run; decided when it was deferred.
     */
    private ApiExplanation deferred(Job job) {
        Optional<Instant> start = job.status().notBefore();
        String window = start.map(at -> "; it starts at " + at + job.spec().schedule().flatMap(s -> s.expectedDuration())
                .map(d -> " and is expected to run until " + at.plus(d)).orElse("")).orElse("");
        Instant decidedAt = store.read(tx -> tx.events().list(job.project(), "job/" + job.name(), 0, 1_000)).stream()
                .filter(e -> e.type().equals("Deferred")).map(Event::at).reduce((first, last) -> last).orElse(null);
        return new ApiExplanation(job.name(), job.phase().displayName(), job.phase().displayName(), job.status().message() + window,
                WaitCause.DEFERRED.displayName(), decidedAt, List.of());
    }

    private static ApiExplanation.NodeVerdict verdict(String node, Optional<String> rejection, double score, Map<String, Double> parts) {
        return new ApiExplanation.NodeVerdict(node, rejection.isEmpty(), rejection.orElse(null),
                rejection.isEmpty() ? Math.round(score * 1000) / 1000.0 : null, parts.isEmpty() ? null : parts);
    }

    private String summary(Job job, PlacementOutcome outcome) {
        Instant now = clock.instant();
        Optional<Instant> retryAt = job.status().notBefore().filter(t -> t.isAfter(now));
        if (retryAt.isPresent()) {
            return job.status().message() + " (retry at " + retryAt.get() + ")";
        }
        int ahead = join(loop.positionOf(job));
        return switch (outcome) {
            case PlacementOutcome.Infeasible i -> "cannot run on this cluster: " + i.summary();
            case PlacementOutcome.Waiting w -> w.summary() + (ahead > 0 ? "; " + ahead + " job(s) ahead in the queue" : "");
            case PlacementOutcome.Placed p -> ahead > 0 ? "fits now; " + ahead + " job(s) ahead in the queue go first ("
                    + job.status().message() + ")" : "fits now; it will start on the next scheduling turn";
        };
    }

    private static String kind(PlacementOutcome outcome) {
        return switch (outcome) {
            case PlacementOutcome.Placed p -> "Fits";
            case PlacementOutcome.Waiting w -> "Waiting";
            case PlacementOutcome.Infeasible i -> "Infeasible";
        };
    }

    private static <T> T join(CompletableFuture<T> reply) {
        try {
            return reply.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LeptonException le) {
                throw le;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new LeptonException(ErrorCode.UNAVAILABLE, "the scheduler did not answer in 30s; try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LeptonException(ErrorCode.UNAVAILABLE, "interrupted");
        }
    }
}
