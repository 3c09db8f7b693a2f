package dev.lepton.server.deployments;

import static java.util.Objects.requireNonNull;

import dev.lepton.api.v1.ApiDeploymentStatus;
import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiReplica;
import dev.lepton.api.v1.ApiRevisionStats;
import dev.lepton.core.auth.Role;
import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.energy.Footprint;
import dev.lepton.core.execution.Executor;
import dev.lepton.core.execution.LogAccess;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobPhase;
import dev.lepton.core.job.WorkerStatus;
import dev.lepton.core.serving.Autoscaler;
import dev.lepton.core.serving.Deployment;
import dev.lepton.core.serving.DeploymentSpec;
import dev.lepton.core.serving.Probe;
import dev.lepton.core.serving.RevisionTraffic;
import dev.lepton.core.serving.ScaleDecision;
import dev.lepton.server.gateway.LoadMeter;
import dev.lepton.server.gateway.Replica;
import dev.lepton.server.gateway.ReplicaPool;
import dev.lepton.server.http.Caller;
import dev.lepton.server.jobs.JobMapper;
import dev.lepton.server.jobs.JobService;
import dev.lepton.store.JobQuery;
import dev.lepton.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each deployment's replicas running: one pass a second over every deployment (on one thread of its own).
 * A pass reads the deployment's live replica jobs, probes those running for readiness, hands the ready ones to the
 * deployment's {@link ReplicaPool} (the gateway routes to them), asks the {@link Autoscaler} how many the load
 * wants, then creates or cancels replica jobs to match. A new revision is rolled out one surge replica at a time:
 * an old replica is stopped only once a new one is ready, and the old ones serve until then.
 */
public final class DeploymentController implements AutoCloseable {
    static final Duration PASS = Duration.ofSeconds(1);
    /** How soon the controller looks again while requests are held for want of a ready replica. */
    static final Duration HELD_PASS = Duration.ofMillis(100);
    /** A new revision none of whose replicas became ready after this many failures of one is rolled back. */
    static final int FAILURES_TO_ROLL_BACK = 3;
    /** ... or after this long without a ready replica. */
    static final Duration PROGRESS_DEADLINE = Duration.ofMinutes(10);
    static final String CONTROLLER = "lepton:deployment-controller";
    /** A draining replica is stopped after this even if requests it holds have not ended (its own drain then gets them). */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
    /** A probe's success, as Kubernetes counts an {@code httpGet} probe's: an answer from 200 to 399 (a model server not ready says 503). */
    private static final IntPredicate PROBE_SUCCESS = status -> status >= 200 && status < 400;
    private static final Set<JobPhase> LIVE = EnumSet.of(JobPhase.PENDING, JobPhase.QUEUED, JobPhase.DEFERRED, JobPhase.SCHEDULED,
            JobPhase.RUNNING, JobPhase.PREEMPTED);
    private static final Logger log = LoggerFactory.getLogger(DeploymentController.class);

    private final Store store;
    private final JobService jobs;
    private final Executor executor;
    private final LogAccess logs;
    private final DeploymentTraffic traffic;
    private final Function<String, Footprint> footprints;
    private final MultiGauge perThousand;
    private final MultiGauge feedbackGauge;
    private int passes;
    private final java.util.concurrent.atomic.AtomicBoolean wakePending = new java.util.concurrent.atomic.AtomicBoolean();
    private final InstantSource clock;
    private final Optional<ModelServerCommand> modelServer;
    private final Map<String, Live> live = new ConcurrentHashMap<>();
    private final HttpClient probes = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();
    private final Object endpointTokensRead = new Object();
    private final ScheduledExecutorService thread =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("deployments").daemon().factory());

    /** What the controller knows of one deployment between passes; read by the gateway and by status. */
    public static final class Live {
        private final ReplicaPool pool;
        private volatile Deployment deployment;
        private volatile Autoscaler.Memory memory = Autoscaler.Memory.EMPTY;
        private volatile int desired;
        private volatile List<ApiReplica> replicas = List.of();
        private volatile String message = "";
        /** Why the revision in force is not the one last asked for (a rollback), while that revision stays in force. */
        private volatile Optional<Condition> condition = Optional.empty();
        /** Each revision's spec, as stored: replicas of a revision with the same replica spec as the one in force are current. */
        private final Map<Long, Optional<DeploymentSpec>> revisions = new ConcurrentHashMap<>();
        private volatile boolean failed;
        /** Replicas taken out of routing, and since when, until they are stopped. */
        private final Map<String, java.time.Instant> draining = new ConcurrentHashMap<>();
        /** What the probes have said of each replica, by its job's attempt. */
        private final Map<AttemptId, ReplicaHealth> health = new ConcurrentHashMap<>();
        /** Drained replicas asked to stop, until their jobs end. */
        private final Set<String> stopping = ConcurrentHashMap.newKeySet();
        /** The hashes of the deployment's endpoint tokens, as last read from the store. */
        private volatile Set<String> endpointTokens = Set.of();

        Live(Deployment deployment, InstantSource clock) {
            this.deployment = deployment;
            this.pool = new ReplicaPool(deployment.name(), new LoadMeter(clock));
            this.desired = deployment.spec().scaling().minReplicas();
        }

        public Deployment deployment() {
            return deployment;
        }

        private record Condition(long revision, String line) {}

        public ReplicaPool pool() {
            return pool;
        }

        /** The hashes of the deployment's endpoint tokens: callers holding one are admitted without a Lepton token. */
        public Set<String> endpointTokens() {
            return endpointTokens;
        }

        /** The revision replica {@code job} runs, as last seen; the revision in force for one not seen. */
        long revisionOf(String job) {
            return replicas.stream().filter(r -> r.job().equals(job)).mapToLong(ApiReplica::revision).findFirst().orElse(deployment.revision());
        }
    }

    /**
     * {@code modelServer} says how this server's workers run {@code lepton serve-model} (empty where the server does not
     * run from lepton.jar, and then a model deployment is refused).
     */
    public DeploymentController(Store store, JobService jobs, Executor executor, LogAccess logs, InstantSource clock,
                                Optional<ModelServerCommand> modelServer, MeterRegistry registry, Function<String, Footprint> footprints) {
        this.store = requireNonNull(store, "store is null");
        this.traffic = new DeploymentTraffic(registry);
        this.footprints = requireNonNull(footprints, "footprints is null");
        this.perThousand = MultiGauge.builder("lepton.deployment.per.1000.requests")
                .description("a revision's energy (joules) and carbon (gCO2e) per 1,000 requests answered, the SCI's functional unit")
                .register(registry);
        this.feedbackGauge = MultiGauge.builder("lepton.deployment.feedback").description("feedback on a revision's predictions: "
                + "how many got any (count) and the mean of their ratings (mean_rating)").register(registry);
        this.logs = requireNonNull(logs, "logs is null");
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.executor = requireNonNull(executor, "executor is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.modelServer = requireNonNull(modelServer, "modelServer is null");
    }

    public void start() {
        thread.scheduleWithFixedDelay(this::passQuietly, 0, PASS.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Wakes the controller now (a deployment was created, changed or deleted). */
    void wake() {
        if (wakePending.compareAndSet(false, true)) {
            try {
                thread.execute(this::passQuietly);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                wakePending.set(false); // closed
            }
        }
    }

    /** The deployment named {@code name} as the controller last saw it, with its pool; empty if there is none. */
    public Optional<Live> find(String name) {
        return Optional.ofNullable(live.get(name));
    }

    /**
     * Reads the deployments' endpoint tokens again: each pass, and at once when one is made or revoked. One read at a time,
     * so that a pass's read begun before a revocation cannot land after the revoking route's.
     */
    public void readEndpointTokens() {
        synchronized (endpointTokensRead) {
            Map<String, Set<String>> tokens = store.read(tx -> tx.deployments().endpointTokenHashes());
            live.forEach((name, state) -> state.endpointTokens = Set.copyOf(tokens.getOrDefault(name, Set.of())));
        }
    }

    /** Whether this server can run a model replica: it runs from lepton.jar. */
    boolean servesModels() {
        return modelServer.isPresent();
    }

    /** Where a deployment stands, for the API; with what each revision served and cost when {@code withRevisions}. */
    ApiDeploymentStatus status(Deployment deployment, boolean withRevisions) {
        ApiDeploymentStatus status = status(deployment);
        return withRevisions ? new ApiDeploymentStatus(status.phase(), status.revision(), status.desired(), status.ready(), status.endpoint(),
                status.message(), status.replicas(), revisions(deployment)) : status;
    }

    /** Each revision's traffic and feedback, as stored, with its replicas' energy and carbon (ended replicas' too, while their jobs are kept). */
    List<ApiRevisionStats> revisions(Deployment d) {
        Map<Long, Footprint> energy = new java.util.TreeMap<>();
        replicas(d, Set.of()).forEach(j -> energy.merge(revision(j), footprints.apply(j.uid()), Footprint::plus));
        Map<Long, RevisionTraffic> served = new java.util.TreeMap<>();
        store.read(tx -> tx.deployments().traffic(d.name())).forEach(t -> served.put(t.revision(), t));
        energy.keySet().forEach(r -> served.putIfAbsent(r, RevisionTraffic.none(r)));
        return served.values().stream().map(t -> {
            Footprint f = energy.getOrDefault(t.revision(), Footprint.ZERO);
            Double perJoules = t.requests() > 0 ? f.joules() * 1_000 / t.requests() : null;
            Double perGrams = t.requests() > 0 ? f.co2eGrams() * 1_000 / t.requests() : null;
            return new ApiRevisionStats(t.revision(), t.requests(), t.errors(), f.joules(), f.co2eGrams(),
                    f.provenance().name().toLowerCase(java.util.Locale.ROOT), perJoules, perGrams, t.feedback(), t.ratings(),
                    t.meanRating().isPresent() ? t.meanRating().getAsDouble() : null);
        }).toList();
    }

    /** Where a deployment stands, for the API. */
    ApiDeploymentStatus status(Deployment deployment) {
        Live state = live.get(deployment.name());
        List<ApiReplica> replicas = state == null ? List.of() : state.replicas;
        int desired = state == null ? deployment.spec().scaling().minReplicas() : state.desired;
        long ready = replicas.stream().filter(r -> r.ready() && r.revision() == deployment.revision()).count();
        long readyAny = replicas.stream().filter(ApiReplica::ready).count();
        String phase = readyAny > 0 ? "Ready" : state != null && state.failed ? "Failed" : desired == 0 ? "Idle" : "Pending";
        String message = state == null ? "" : state.condition.map(c -> c.line() + "; ").orElse("") + state.message;
        return new ApiDeploymentStatus(phase, deployment.revision(), desired, (int) ready, endpoint(deployment), message, replicas);
    }

    static String endpoint(Deployment deployment) {
        return deployment.spec().model().isPresent() ? "/v2/models/" + deployment.name() : "/endpoints/" + deployment.name();
    }

    private void passQuietly() {
        wakePending.set(false);
        try {
            pass();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: log, and try again next pass.
            log.atWarn().setMessage("deployment pass failed").setCause(e).log();
        }
    }

    private synchronized void pass() {
        List<Deployment> deployments = store.read(tx -> tx.deployments().list(Optional.empty()));
        Set<String> names = new HashSet<>();
        for (Deployment deployment : deployments) {
            names.add(deployment.name());
            Live state = live.computeIfAbsent(deployment.name(), n -> {
                Live created = new Live(deployment, clock);
                created.pool.whenHeld(this::wake);
                return created;
            });
            if (state.condition.filter(c -> c.revision() != deployment.revision()).isPresent()) {
                state.condition = Optional.empty();
            }
            state.deployment = deployment;
            try {
                reconcile(state);
            } catch (RuntimeException e) {
                state.message = e.getMessage();
                log.atWarn().setMessage("deployment reconcile failed").addKeyValue("deployment", deployment.name()).setCause(e).log();
            }
        }
        live.keySet().retainAll(names);
        readEndpointTokens();
        saveTraffic();
        if (passes++ % 10 == 0) {
            gauges(deployments);
        }
        if (live.values().stream().anyMatch(state -> state.pool.held() > 0)) {
            // Requests wait for a replica to start: look again soon, so that the first is answered as soon as one is ready.
            try {
                thread.schedule(this::passQuietly, HELD_PASS.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closed
            }
        }
    }

    /** What the gateway counted since the last pass, added to the store; kept for the next pass if the store refuses. */
    private void saveTraffic() {
        Map<DeploymentTraffic.Key, DeploymentTraffic.Counts> taken = traffic.drain();
        if (taken.isEmpty()) {
            return;
        }
        try {
            store.write(tx -> {
                taken.forEach((key, counts) -> tx.deployments().addTraffic(key.deployment(), key.revision(), counts.requests(), counts.errors()));
                return null;
            });
        } catch (RuntimeException e) {
            traffic.putBack(taken);
            throw e;
        }
    }

    private void gauges(List<Deployment> deployments) {
        List<MultiGauge.Row<?>> per = new ArrayList<>();
        List<MultiGauge.Row<?>> feedback = new ArrayList<>();
        for (Deployment d : deployments) {
            for (ApiRevisionStats r : revisions(d)) {
                Tags tags = Tags.of("deployment", d.name(), "revision", Long.toString(r.revision()));
                if (r.joulesPer1000Requests() != null) {
                    per.add(MultiGauge.Row.of(tags.and("quantity", "energy_joules"), r.joulesPer1000Requests()));
                    per.add(MultiGauge.Row.of(tags.and("quantity", "co2e_grams"), r.co2eGramsPer1000Requests()));
                }
                feedback.add(MultiGauge.Row.of(tags.and("quantity", "count"), r.feedback()));
                if (r.meanRating() != null) {
                    feedback.add(MultiGauge.Row.of(tags.and("quantity", "mean_rating"), r.meanRating()));
                }
            }
        }
        perThousand.register(per, true);
        feedbackGauge.register(feedback, true);
    }

    /** Stores feedback on a prediction of revision {@code revision}. */
    void recordFeedback(Deployment d, String predictionId, long revision, java.util.OptionalDouble rating, Optional<String> label, String user) {
        java.time.Instant now = clock.instant();
        store.write(tx -> {
            tx.deployments().putFeedback(d.name(), predictionId, revision, rating, label, user, now);
            return null;
        });
    }

    /** The gateway's record of one request a replica of this deployment answered (or that failed). */
    void answered(String deployment, long revision, int status, Duration elapsed) {
        traffic.record(deployment, revision, status, elapsed);
    }

    private void reconcile(Live state) {
        Deployment d = state.deployment;
        List<Job> all = replicas(d, LIVE);
        state.draining.keySet().retainAll(all.stream().map(Job::name).toList());
        state.stopping.retainAll(state.draining.keySet());
        // A replica's health is its attempt's: a restarted job starts over.
        state.health.keySet().retainAll(all.stream().map(DeploymentController::attemptOf).toList());
        List<ApiReplica> views = new ArrayList<>();
        List<Replica> ready = new ArrayList<>();
        Instant now = clock.instant();
        // The default readiness of a command is lenient: an API may well answer 404 on "/".
        IntPredicate readyAnswer = d.spec().readiness().isEmpty() && d.spec().model().isEmpty() ? status -> status < 500 : PROBE_SUCCESS;
        for (Job job : all) {
            Optional<URI> base = address(job);
            boolean up = false;
            if (base.isPresent() && !state.draining.containsKey(job.name())) {
                ReplicaHealth health = state.health.computeIfAbsent(attemptOf(job), k -> new ReplicaHealth());
                up = health.ready(d.spec().readinessProbe(), now, probe -> answers(base.get(), probe, readyAnswer));
                Optional<String> dead = health.dead(d.spec().liveness(), now, probe -> answers(base.get(), probe, PROBE_SUCCESS));
                if (dead.isPresent()) {
                    restart(d, job, dead.get());
                    up = false;
                }
            }
            if (up) {
                ready.add(new Replica(job.name(), base.get()));
            }
            views.add(new ApiReplica(job.name(), revision(job), state.draining.containsKey(job.name()) ? "Draining" : job.phase().displayName(),
                    base.map(u -> u.getHost() + ":" + u.getPort()).orElse(null), up));
        }
        // Routed to no more from here on: a draining replica is stopped once the requests it holds have ended.
        state.pool.update(ready);
        state.draining.forEach((name, since) -> {
            if (!state.stopping.contains(name) && (state.pool.outstanding(name) == 0 || since.plus(DRAIN_TIMEOUT).isBefore(clock.instant()))) {
                state.stopping.add(name);
                all.stream().filter(j -> j.name().equals(name)).findFirst().ifPresent(j -> cancel(d, j, "drained"));
            }
        });
        ScaleDecision decision = Autoscaler.decide(d.spec().scaling(), state.memory, state.pool.meter().sample(state.pool.held()),
                Math.max(state.desired, 0));
        state.memory = decision.memory();
        state.desired = decision.replicas();
        state.replicas = List.copyOf(views);

        List<Job> replicas = all.stream().filter(j -> !state.draining.containsKey(j.name())).toList();
        List<Job> current = replicas.stream().filter(j -> isCurrent(state, j)).toList();
        List<Job> old = replicas.stream().filter(j -> !isCurrent(state, j)).toList();
        long readyCurrent = current.stream().filter(j -> isReady(views, j)).count();
        int wanted = state.desired;
        // Surge one: while old replicas serve, at most one new replica more than wanted runs beside them.
        int missing = wanted - current.size();
        int room = old.isEmpty() ? missing : Math.min(missing, wanted + 1 - replicas.size());
        for (int i = 0; i < room; i++) {
            create(d);
        }
        if (current.size() > wanted) {
            current.stream().sorted(Comparator.comparing((Job j) -> isReady(views, j)).thenComparing(Job::createdAt, Comparator.reverseOrder()))
                    .limit(current.size() - wanted).forEach(j -> drain(state, j, "scaled down to " + wanted));
        }
        // Old replicas serve what the ready new ones cannot yet: each new one ready lets one old one go; with nothing wanted, all go.
        long keepOld = Math.max(0, wanted - readyCurrent);
        old.stream().sorted(Comparator.comparing((Job j) -> isReady(views, j))).limit(Math.max(0, old.size() - keepOld))
                .forEach(j -> drain(state, j, "replaced by revision " + d.revision()));
        Optional<Job> failing = current.stream().filter(j -> j.status().failures() > 0).max(Comparator.comparingInt(j -> j.status().failures()));
        state.failed = readyCurrent == 0 && failing.isPresent();
        state.message = failing.filter(j -> readyCurrent == 0).map(j -> "replica " + j.name() + " failed " + j.status().failures() + " time(s): "
                + lastLine(j).orElse(j.status().message()) + " (lepton deploy logs " + d.name() + ")").orElse(decision.reason());
        if (readyCurrent == 0 && !old.isEmpty()) {
            Optional<String> why = failing.filter(j -> j.status().failures() >= FAILURES_TO_ROLL_BACK).map(j -> state.message)
                    .or(() -> current.stream().map(Job::createdAt).min(Comparator.naturalOrder())
                            .filter(since -> since.plus(PROGRESS_DEADLINE).isBefore(clock.instant()))
                            .map(since -> "no replica of revision " + d.revision() + " became ready within " + PROGRESS_DEADLINE.toMinutes() + " minutes"));
            why.ifPresent(reason -> rollBack(state, old, reason));
        }
    }

    /**
     * The revision in force failed while older replicas still serve: the deployment goes back to the newest revision that
     * has a ready replica (stored as a new revision with that spec), says why in an event and in its status, and the
     * failed revision's replicas are stopped on the next pass.
     */
    private void rollBack(Live state, List<Job> old, String reason) {
        Deployment d = state.deployment;
        Optional<Long> serving = old.stream().filter(j -> state.replicas.stream().anyMatch(v -> v.ready() && v.job().equals(j.name())))
                .map(DeploymentController::revision).max(Comparator.naturalOrder());
        if (serving.isEmpty()) {
            return;
        }
        Optional<DeploymentSpec> spec = store.read(tx -> tx.deployments().revision(d.name(), serving.get()));
        if (spec.isEmpty()) {
            return;
        }
        String line = "rolled back to the spec of revision " + serving.get() + ": revision " + d.revision() + " failed: " + reason;
        // The old spec comes back as a new revision (as kubectl rollout undo does); the replicas still serving it are current again.
        Deployment back = DeploymentChanges.save(store, CONTROLLER, "deployment.rollback", d, spec.get(), "RolledBack", line, clock.instant());
        state.condition = Optional.of(new Live.Condition(back.revision(), line));
        log.atWarn().setMessage("deployment rolled back").addKeyValue("deployment", d.name()).addKeyValue("reason", reason).log();
    }

    /** The last line a replica's latest attempt wrote: often why it failed ({@code lepton: --model: …}). */
    private Optional<String> lastLine(Job job) {
        long size = logs.logSize(new AttemptId(job.uid(), job.status().epoch(), 0)).orElse(-1);
        try (var in = logs.openLog(new AttemptId(job.uid(), job.status().epoch(), 0), Math.max(0, size - 2_048)).orElse(null)) {
            if (in == null) {
                return Optional.empty();
            }
            String[] lines = new String(in.readNBytes(4_096), java.nio.charset.StandardCharsets.UTF_8).strip().split("\n");
            return Optional.of(lines[lines.length - 1].strip()).filter(l -> !l.isEmpty());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether a replica runs what the deployment's revision in force says: its own revision, or one with the same replica spec. */
    private boolean isCurrent(Live state, Job job) {
        Deployment d = state.deployment;
        long revision = revision(job);
        return revision == d.revision() || state.revisions.computeIfAbsent(revision, r -> store.read(tx -> tx.deployments().revision(d.name(), r)))
                .filter(spec -> spec.withScaling(d.spec().scaling()).equals(d.spec())).isPresent();
    }

    private static boolean isReady(List<ApiReplica> views, Job job) {
        return views.stream().anyMatch(v -> v.job().equals(job.name()) && v.ready());
    }

    private void create(Deployment d) {
        DeploymentSpec s = d.spec();
        List<String> command = s.model().map(m -> modelCommand(d, m)).orElse(s.command());
        String suffix = UUID.randomUUID().toString().substring(0, 5);
        ApiJob job = DeploymentMapper.replicaJob(d.project(), d.name(), d.revision(), suffix, JobMapper.resources(s.resources()), s.queue(),
                s.priority(), command, Map.of("PORT", Integer.toString(freePort())),
                s.model().map(m -> JobMapper.CODE_PREFIX + m.snapshot()).or(() -> s.code().map(c -> JobMapper.CODE_PREFIX + c)).orElse(null),
                s.image().orElse(null));
        jobs.create(Caller.actingFor(d.owner(), Role.EDITOR, d.project(), "deployment.replica.create"), job, false, Optional.empty());
    }

    private List<String> modelCommand(Deployment d, DeploymentSpec.ModelSource model) {
        List<String> command = new ArrayList<>(modelServer.orElseThrow(() -> new IllegalStateException(
                "this server does not run from lepton.jar, so it cannot start lepton serve-model")).line());
        command.addAll(List.of("--model", model.file(), "--name", d.name(), "--model-version", Long.toString(d.revision())));
        d.spec().batching().ifPresent(b -> command.addAll(List.of("--max-batch-size", Integer.toString(b.maxBatchSize()),
                "--max-queue-delay", b.maxQueueDelay().toMillis() + "ms")));
        return command;
    }

    /** Takes a replica out of routing; {@link #reconcile} stops it once its requests have ended. */
    private void drain(Live state, Job job, String why) {
        log.atInfo().setMessage("draining replica").addKeyValue("deployment", state.deployment.name()).addKeyValue("job", job.name())
                .addKeyValue("why", why).log();
        state.draining.putIfAbsent(job.name(), clock.instant());
    }

    /** A replica that failed its liveness probe: its job is stopped, and the next pass starts another in its place. */
    private void restart(Deployment d, Job job, String why) {
        log.atWarn().setMessage("restarting replica").addKeyValue("deployment", d.name()).addKeyValue("job", job.name()).addKeyValue("why", why).log();
        Instant now = clock.instant();
        store.write(tx -> {
            tx.events().append(d.project(), d.eventObject(), "Restarting", "replica " + job.name() + ": " + why
                    + "; a new replica takes its place", now);
            return null;
        });
        cancel(d, job, why);
    }

    /** A replica job's current attempt: its one worker, rank 0. */
    private static AttemptId attemptOf(Job job) {
        return new AttemptId(job.uid(), job.status().epoch(), 0);
    }

    private void cancel(Deployment d, Job job, String why) {
        log.atInfo().setMessage("stopping replica").addKeyValue("deployment", d.name()).addKeyValue("job", job.name()).addKeyValue("why", why).log();
        jobs.cancel(Caller.actingFor(d.owner(), Role.EDITOR, d.project(), "deployment.replica.stop"), d.project(), job.name());
    }

    /** Cancels every replica of a deployment being deleted. */
    void stopAll(Deployment d) {
        replicas(d, LIVE).forEach(j -> cancel(d, j, "deployment deleted"));
        live.remove(d.name());
    }

    /**
     * The deployment's replicas in one of {@code phases} (empty: any): its jobs are named after it, so only
     * those are read from the store, and the label tells them from a user's job that happens to share the prefix.
     */
    private List<Job> replicas(Deployment d, Set<JobPhase> phases) {
        return jobs.list(new JobQuery(Optional.of(d.project()), phases, 10_000, Optional.empty()).named(d.name() + "-")).stream()
                .filter(j -> d.name().equals(j.spec().labels().get(Deployment.DEPLOYMENT_LABEL))).toList();
    }

    /** A running replica's address: its worker's, from the executor, with the port it was given in {@code PORT}. */
    private Optional<URI> address(Job job) {
        if (job.phase() != JobPhase.RUNNING || job.status().workers().isEmpty()) {
            return Optional.empty();
        }
        WorkerStatus worker = job.status().workers().getFirst();
        String port = job.spec().env().get("PORT");
        if (port == null) {
            return Optional.empty();
        }
        String host = executor.address(new AttemptId(job.uid(), job.status().epoch(), worker.rank()), worker.node());
        return Optional.of(URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port));
    }

    /** Whether {@code probe}'s GET on the replica at {@code base} is answered within its timeout with a {@code success} status. */
    private boolean answers(URI base, Probe probe, IntPredicate success) {
        try {
            return success.test(probes.send(HttpRequest.newBuilder(base.resolve(probe.path())).timeout(probe.timeout()).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static long revision(Job job) {
        try {
            return Long.parseLong(job.spec().labels().getOrDefault(Deployment.REVISION_LABEL, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("no free port for a replica", e);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
