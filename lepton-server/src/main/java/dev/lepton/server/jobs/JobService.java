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
import dev.lepton.core.placement.PlacementOutcome;
import dev.lepton.core.placement.PlacementRequest;
import dev.lepton.core.queue.Queue;
import dev.lepton.core.quota.QuotaAdmission;
import dev.lepton.core.workflow.ArraySlots;
import dev.lepton.core.workflow.Dependencies;
import dev.lepton.server.http.Caller;
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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

    public JobService(Store store, SchedulerLoop loop, JobWatchers watchers, LiveUsage usage, InstantSource clock,
                      Supplier<String> uids) {
        this.store = requireNonNull(store, "store is null");
        this.loop = requireNonNull(loop, "loop is null");
        this.watchers = requireNonNull(watchers, "watchers is null");
        this.usage = requireNonNull(usage, "usage is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.uids = requireNonNull(uids, "uids is null");
    }

    /** The stored job, and whether this request created it (false: an earlier request with the same idempotency key did). */
    public record Created(Job job, boolean created) {}

    public Created create(Caller caller, ApiJob body, boolean dryRun, Optional<String> idempotencyKey) {
        JobMapper.Accepted accepted = JobMapper.accept(body, caller.project());
        caller.require(Role.EDITOR, accepted.project());
        Instant now = clock.instant();
        Job job = JobTransitions.admit(new Job(accepted.project(), accepted.name(), uids.get(), caller.user(), 0, now, 0, accepted.spec(), JobStatus.pending()));
        String target = "job/" + job.qualifiedName();
        if (dryRun) {
            return new Created(store.read(tx -> {
                requireQueue(tx, job);
                return Submission.prepare(tx, job);
            }), false);
        }
        Created result = store.write(tx -> {
            if (idempotencyKey.isPresent()) {
                Optional<String> earlier = tx.idempotency().find(caller.user(), idempotencyKey.get());
                if (earlier.isPresent()) {
                    String[] ref = earlier.get().split("/", 2);
                    return new Created(tx.jobs().find(ref[0], ref[1]).orElseThrow(), false);
                }
            }
            // In the same transaction as the insert: a queue deleted meanwhile cannot end up holding the job.
            requireQueue(tx, job);
            Job stored = tx.jobs().insert(Submission.prepare(tx, job));
            tx.events().append(stored.project(), "job/" + stored.name(), "Created",
                    "submitted by " + caller.user() + " to queue " + stored.spec().queue(), now);
            tx.audit().record(now, caller.user(), caller.action(), target, true, "");
            idempotencyKey.ifPresent(key -> tx.idempotency().put(caller.user(), key, stored.qualifiedName(), now));
            return new Created(stored, true);
        });
        if (result.created()) {
            loop.submitted(result.job());
        }
        return result;
    }

    static Queue requireQueue(Tx tx, Job job) {
        return tx.queues().find(job.spec().queue()).orElseThrow(() -> new LeptonException(ErrorCode.INVALID_SPEC,
                "spec.queue: no queue named '" + job.spec().queue() + "' (known: "
                        + tx.queues().list().stream().map(Queue::name).collect(Collectors.joining(", ")) + ")"));
    }

    /** The job as stored, with its running workers' latest usage. */
    public Job get(String project, String name) {
        return store.read(tx -> tx.jobs().find(project, name)).map(usage::overlay)
                .orElseThrow(() -> LeptonException.notFound("job", project + "/" + name));
    }

    public List<Job> list(Optional<String> project, Set<JobPhase> phases, int limit, Optional<Long> after) {
        return store.read(tx -> tx.jobs().list(new JobQuery(project, phases, limit, after))).stream().map(usage::overlay).toList();
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

    /** Why the job is where it is; for a queued job, what placement says about every node right now. */
    public ApiExplanation explain(String project, String name) {
        Job job = get(project, name);
        if (job.phase() != JobPhase.QUEUED) {
            String where = job.status().workers().stream().map(w -> "worker " + w.rank() + " on " + w.node()).collect(Collectors.joining(", "));
            String summary = job.status().message() + (where.isEmpty() ? "" : " (" + where + ")");
            return new ApiExplanation(job.name(), job.phase().displayName(), job.phase().displayName(), summary, List.of());
        }
        PlacementOutcome outcome = loop.placementFor(job.spec().queue()).place(loop.snapshot(),
                new PlacementRequest(job.qualifiedName(), job.spec().resources(), job.spec().workers(), job.spec().constraints()));
        List<ApiExplanation.NodeVerdict> nodes = outcome.verdicts().stream()
                .map(v -> new ApiExplanation.NodeVerdict(v.node(), v.rejection().isEmpty(), v.rejection().orElse(null),
                        v.rejection().isEmpty() ? Math.round(v.score() * 1000) / 1000.0 : null))
                .toList();
        String said = job.status().message();
        if (said.startsWith(QuotaAdmission.REFUSAL) || said.startsWith(SchedulerLoop.PREEMPTING) || Dependencies.isWaitingMessage(said)
                || said.startsWith(ArraySlots.WAITING_FOR_SLOT)) {
            // Room on the nodes is not what holds it: the scheduler's own reason comes first, the nodes' verdicts after.
            return new ApiExplanation(job.name(), job.phase().displayName(), "Waiting", said, nodes);
        }
        return new ApiExplanation(job.name(), job.phase().displayName(), kind(outcome), summary(job, outcome), nodes);
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
