package dev.lepton.server.jobs;

import static java.util.Objects.requireNonNull;

import dev.lepton.api.v1.ApiExplanation;
import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiJobSpec;
import dev.lepton.api.v1.ApiJobStatus;
import dev.lepton.api.v1.ObjectMeta;
import dev.lepton.core.event.Event;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.job.ArrayTask;
import dev.lepton.core.job.Dependency;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobPhase;
import dev.lepton.core.job.JobStatus;
import dev.lepton.core.job.JobTransitions;
import dev.lepton.core.workflow.ArrayProgress;
import dev.lepton.core.workflow.ArrayRequest;
import dev.lepton.server.http.Caller;
import dev.lepton.server.scheduler.JobWatchers;
import dev.lepton.server.scheduler.SchedulerLoop;
import dev.lepton.store.Store;
import dev.lepton.store.Tx;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Arrays, as Slurm's {@code --array} and Kubernetes' indexed jobs: one submission becomes, in one
 * transaction, one job per index named {@code NAME-INDEX}. The array's name then stands for all its
 * tasks: reading, waiting for, cancelling or explaining it answers as one job whose status sums its
 * tasks up ({@link ArrayProgress}).
 */
public final class ArrayService {
    private final Store store;
    private final SchedulerLoop loop;
    private final JobWatchers watchers;
    private final InstantSource clock;
    private final Supplier<String> uids;

    public ArrayService(Store store, SchedulerLoop loop, JobWatchers watchers, InstantSource clock, Supplier<String> uids) {
        this.store = requireNonNull(store, "store is null");
        this.loop = requireNonNull(loop, "loop is null");
        this.watchers = requireNonNull(watchers, "watchers is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.uids = requireNonNull(uids, "uids is null");
    }

    /** True for a submission of an array rather than of one job. */
    public static boolean isArray(ApiJob body) {
        return body.spec() != null && body.spec().array() != null;
    }

    /** The array's tasks as stored, and whether this request created them (false: a dry run, or an earlier request with the same key). */
    public record Created(ApiJob array, boolean created) {}

    /** {@code accepted}: the submission as {@link JobService#accept} checked it, one job's checks standing for every task's. */
    public Created create(Caller caller, JobMapper.Accepted accepted, boolean dryRun, Optional<String> idempotencyKey) {
        ArrayRequest request = accepted.array().orElseThrow(() -> new IllegalArgumentException("not an array: " + accepted.name()));
        String project = accepted.project();
        String name = accepted.name();
        Instant now = clock.instant();
        List<Job> tasks = request.tasks(name, accepted.spec()).stream()
                .map(t -> JobTransitions.admit(new Job(project, t.name(), uids.get(), caller.user(), 0, now, 0, t.spec(), JobStatus.pending())))
                .toList();
        if (dryRun) {
            return loop.jobCounts().submit(caller.user(), project, tasks.size(), caller.limited(),
                    () -> new Created(toApi(project, name, store.read(tx -> prepare(tx, project, name, tasks))), false), Created::created);
        }
        record Stored(List<Job> tasks, boolean created) {}
        Stored result = loop.jobCounts().submit(caller.user(), project, tasks.size(), caller.limited(),
                () -> store.write(tx -> {
                    if (idempotencyKey.isPresent()) {
                        Optional<String> earlier = tx.idempotency().find(caller.user(), idempotencyKey.get());
                        if (earlier.isPresent()) {
                            String[] ref = earlier.get().split("/", 2);
                            List<Job> same = Submission.arrayTasks(tx, ref[0], ref[1]);
                            if (same.isEmpty()) {
                                throw new LeptonException(ErrorCode.ALREADY_EXISTS, "Idempotency-Key: already used for job '" + earlier.get()
                                        + "', which is not an array");
                            }
                            return new Stored(same, false);
                        }
                    }
                    List<Job> stored = insert(tx, caller, project, name, prepare(tx, project, name, tasks), request, now);
                    idempotencyKey.ifPresent(key -> tx.idempotency().put(caller.user(), key, project + "/" + name, now));
                    return new Stored(stored, true);
                }), Stored::created);
        if (result.created()) {
            result.tasks().forEach(loop::submitted);
        }
        return new Created(toApi(project, name, result.tasks()), result.created());
    }

    /** The tasks ready to store: the name is free, the queue exists, the dependencies resolved (once, for all tasks). */
    private static List<Job> prepare(Tx tx, String project, String name, List<Job> tasks) {
        if (tx.jobs().find(project, name).isPresent()) {
            throw new LeptonException(ErrorCode.ALREADY_EXISTS, "job '" + project + "/" + name + "' already exists; an array cannot take its name");
        }
        List<Job> existing = Submission.arrayTasks(tx, project, name);
        if (!existing.isEmpty()) {
            throw new LeptonException(ErrorCode.ALREADY_EXISTS, "job '" + project + "/" + name + "' already exists: it is an array of "
                    + existing.size() + " tasks");
        }
        JobService.requireQueue(tx, tasks.getFirst());
        List<Dependency> after = Submission.resolve(tx, project, tasks.getFirst().spec().after());
        return tasks.stream().map(t -> Submission.withSpec(t, t.spec().withAfter(after))).toList();
    }

    private static List<Job> insert(Tx tx, Caller caller, String project, String name, List<Job> tasks, ArrayRequest request, Instant now) {
        String parallelism = request.parallelism() < tasks.size() ? ", at most " + request.parallelism() + " at once" : "";
        tx.events().append(project, Submission.arrayObject(name), "Created", "array of " + tasks.size() + " tasks (indices " + request.indices()
                + parallelism + ") submitted by " + caller.user() + " to queue " + tasks.getFirst().spec().queue(), now);
        List<Job> stored = new ArrayList<>(tasks.size());
        for (Job task : tasks) {
            try {
                stored.add(tx.jobs().insert(task));
            } catch (LeptonException e) {
                if (e.code() != ErrorCode.ALREADY_EXISTS) {
                    throw e;
                }
                throw new LeptonException(ErrorCode.ALREADY_EXISTS, "array '" + project + "/" + name + "': its task name " + task.name()
                        + " is taken by an existing job");
            }
            int index = task.spec().array().map(ArrayTask::index).orElseThrow();
            tx.events().append(project, "job/" + task.name(), "Created", "submitted by " + caller.user() + " to queue " + task.spec().queue()
                    + " as task " + index + " of array " + name, now);
        }
        tx.audit().record(now, caller.user(), caller.action(), "job/" + project + "/" + name, true, "");
        return stored;
    }

    /** The array's tasks, in index order, if {@code name} is an array of the project. */
    public Optional<List<Job>> find(String project, String name) {
        List<Job> tasks = store.read(tx -> Submission.arrayTasks(tx, project, name));
        return tasks.isEmpty() ? Optional.empty() : Optional.of(tasks);
    }

    public ApiJob get(String project, String name) {
        return toApi(project, name, tasks(project, name));
    }

    /** Cancels every task of {@code tasks} (the array's, as just read) that has not ended; answers the array as it stands after the cancels. */
    public ApiJob cancel(Caller caller, String project, String name, List<Job> tasks) {
        List<CompletableFuture<Job>> cancels = tasks.stream().filter(t -> !t.phase().isTerminal())
                .map(t -> loop.cancel(project, t.name(), caller.user(), caller.action())).toList();
        for (CompletableFuture<Job> cancel : cancels) {
            try {
                cancel.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof LeptonException le) || !endedMeanwhile(le)) {
                    throw e.getCause() instanceof LeptonException le ? le : new IllegalStateException(e.getCause());
                }
            } catch (TimeoutException e) {
                throw new LeptonException(ErrorCode.UNAVAILABLE, "the scheduler did not answer in 30s; try again");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LeptonException(ErrorCode.UNAVAILABLE, "interrupted");
            }
        }
        return get(project, name);
    }

    private static boolean endedMeanwhile(LeptonException e) {
        return e.code() == ErrorCode.ILLEGAL_TRANSITION || e.code() == ErrorCode.NOT_FOUND;
    }

    /** Blocks until every task of {@code tasks} (the array's, as just read) has ended or the timeout passes, then answers the array as it is. */
    public ApiJob await(String project, String name, List<Job> tasks, Duration timeout) {
        Instant deadline = clock.instant().plus(timeout);
        Map<String, CompletableFuture<Job>> ends = new LinkedHashMap<>();
        // Register first, then read again: a task that ends in between is not missed.
        tasks.stream().filter(t -> !t.phase().isTerminal()).forEach(t -> ends.put(t.qualifiedName(), watchers.whenEnded(t.qualifiedName())));
        try {
            for (Job task : tasks(project, name)) {
                CompletableFuture<Job> end = ends.get(task.qualifiedName());
                long left = Duration.between(clock.instant(), deadline).toMillis();
                if (task.phase().isTerminal() || end == null) {
                    continue;
                }
                if (left <= 0) {
                    break;
                }
                end.get(left, TimeUnit.MILLISECONDS);
            }
        } catch (TimeoutException e) {
            // The timeout passed: the array is answered as it is.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LeptonException(ErrorCode.UNAVAILABLE, "interrupted while waiting for array " + project + "/" + name);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            ends.forEach(watchers::forget);
        }
        return get(project, name);
    }

    /** The array's progress, and what its first waiting task waits for. */
    public ApiExplanation explain(String name, List<Job> tasks) {
        ArrayProgress progress = ArrayProgress.of(tasks);
        String next = tasks.stream().filter(t -> t.phase() == JobPhase.QUEUED).findFirst()
                .map(t -> "; next: " + t.name() + ", " + t.status().message()).orElse("");
        String phase = progress.phase().displayName();
        return new ApiExplanation(name, phase, phase, progress.message() + next, null, null, List.of())
                .withWorkflow(WorkflowMapper.array(progress.array(), progress.counts()), null);
    }

    /** The array's own history (its submission); its tasks keep theirs. */
    public List<Event> events(String project, String name) {
        return store.read(tx -> tx.events().list(project, Submission.arrayObject(name), 0, 1_000));
    }

    private List<Job> tasks(String project, String name) {
        return find(project, name).orElseThrow(() -> LeptonException.notFound("job", project + "/" + name));
    }

    /**
     * The array as one job: its spec is its tasks' (with {@code array} as submitted), its status sums
     * them up; {@code status.array.tasks} counts them by phase.
     */
    public static ApiJob toApi(String project, String name, List<Job> tasks) {
        ArrayProgress progress = ArrayProgress.of(tasks);
        Job first = tasks.getFirst();
        ApiJob task = JobMapper.toApi(first);
        Map<String, String> labels = new LinkedHashMap<>(task.metadata().labels());
        labels.remove(ArrayTask.INDEX_LABEL);
        ObjectMeta meta = new ObjectMeta(name, project, labels, null, null, first.createdAt());
        ApiJobSpec spec = task.spec().withWorkflow(WorkflowMapper.request(progress.array()), task.spec().after());
        int failed = progress.counts().getOrDefault(JobPhase.FAILED, 0);
        ApiJobStatus status = new ApiJobStatus(progress.phase().displayName(), 0, failed, progress.exitCode().orElse(null), progress.message(),
                null, progress.startedAt().orElse(null), progress.finishedAt().orElse(null), List.of())
                .withWorkflow(WorkflowMapper.array(progress.array(), progress.counts()), null);
        return new ApiJob(ApiJob.KIND, task.apiVersion(), meta, spec, status);
    }
}
