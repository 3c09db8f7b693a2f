package dev.lepton.server.scheduler;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.Executor;
import dev.lepton.core.execution.ProcessRef;
import dev.lepton.core.execution.StopPlan;
import dev.lepton.core.execution.Usage;
import dev.lepton.core.execution.WorkerExit;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobPhase;
import dev.lepton.core.job.JobTransitions;
import dev.lepton.core.job.JobTransitions.Decision;
import dev.lepton.core.job.WaitCause;
import dev.lepton.core.job.WorkerState;
import dev.lepton.core.job.WorkerStatus;
import dev.lepton.core.node.Node;
import dev.lepton.core.node.NodeCondition;
import dev.lepton.core.placement.ClusterSnapshot;
import dev.lepton.core.placement.Placement;
import dev.lepton.core.placement.Scoring;
import dev.lepton.core.policy.AllocationPlan;
import dev.lepton.core.policy.Allocator;
import dev.lepton.core.policy.Policies;
import dev.lepton.core.policy.SchedulingPolicy;
import dev.lepton.core.quota.QuotaAdmission;
import dev.lepton.core.quota.QuotaLedger;
import dev.lepton.core.quota.QuotaTree;
import dev.lepton.core.resource.Resources;
import dev.lepton.server.limits.JobCounts;
import dev.lepton.store.AttemptUsage;
import dev.lepton.store.Store;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns live jobs ({@link LoopState}). Each turn, in two steps of one
 * transaction each:
 * <ol>
 *   <li>take every pending event (submission, exit, launch report, cancel), apply its transition
 *       (a submitted job with slack may be deferred to a lower-carbon start), release deferred jobs
 *       whose start has come, and stop jobs that ran past their {@code maxDuration}; store;</li>
 *   <li>bring the cluster's kept picture up to date (only the nodes the turn's changes touched: {@link Cluster},
 *       {@link Holdings}), ask the scheduling core for a plan (each queue read only up to a held line:
 *       {@link QueueLines}) and stage it ({@link PlanApplication}); store the new attempts (the intent to launch,
 *       so that a crash during launch is recoverable), then hand them to the {@link Launcher}, which starts their
 *       workers off this thread and reports back as an event.</li>
 * </ol>
 * Every change is stored before anything outside learns of it (workers stopped, waiters woken).
 */
public final class SchedulerLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SchedulerLoop.class);

    private final Store store;
    private final Executor executor;
    private final Placement placement;
    private final Feasibility feasibility;
    private final Cluster cluster;
    private final Supplier<QuotaTree> quotas;
    private final Allocator allocator = new Allocator(this::placementFor, true);
    /** Placement pipelines of queues that weigh scorers their own way, by weights. */
    private final Map<Scoring, Placement> scoredPlacements = new ConcurrentHashMap<>();
    private final SchedulingPolicy policy;
    /** The loop's queue is kept in this policy's order (priority, then first submitted), so the allocator may read it lazily. */
    private final boolean inQueueOrder;
    private final InstantSource clock;
    private final JobWatchers watchers;
    private final SchedulerConfig config;
    private final LinkedBlockingDeque<LoopEvent> inbox = new LinkedBlockingDeque<>();
    private final Launcher launcher;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean recovered;

    /** What was decided about each waiting job; written by the loop, read by explanations. */
    private final Decisions decisions;
    // Owned by the loop thread.
    private final LoopState state;
    private final PlanApplication plans;
    private final Prerequisites prerequisites;
    private final JobCounts jobCounts;
    private final RunningLimits runningLimits;
    private final Deferral deferral;
    private final GridNow grid;
    private List<Node> nodesLastSeen;
    /** Whether this turn may have made room or work to place (an exit, a submission, a failed launch, a node change, a timer). */
    private boolean placementDue;
    private Map<String, Node> nodesByName = Map.of();

    public SchedulerLoop(Store store, Executor executor, Placement placement, Cluster cluster, Supplier<QuotaTree> quotas,
                         InstantSource clock, JobWatchers watchers, SchedulerConfig config) {
        this.store = requireNonNull(store, "store is null");
        this.executor = requireNonNull(executor, "executor is null");
        this.placement = requireNonNull(placement, "placement is null");
        this.feasibility = new Feasibility(placement);
        this.cluster = requireNonNull(cluster, "cluster is null");
        this.quotas = requireNonNull(quotas, "quotas is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.watchers = requireNonNull(watchers, "watchers is null");
        this.config = requireNonNull(config, "config is null");
        this.policy = Policies.named(config.policy());
        this.inQueueOrder = List.of("priority", "backfill").contains(policy.name());
        this.grid = new GridNow(config.carbonIntensity(), cluster::capacity, clock);
        this.decisions = new Decisions(this::placementFor, queue -> quotas.get().queue(queue).scoring(), grid);
        this.jobCounts = new JobCounts(config.limits());
        this.runningLimits = new RunningLimits(config.limits());
        this.state = new LoopState(decisions, cluster, policy, clock, jobCounts);
        this.plans = new PlanApplication(state, cluster, placement);
        this.prerequisites = new Prerequisites(store);
        this.deferral = new Deferral(placement, config.carbonForecast());
        this.launcher = new Launcher(executor, config.stopGrace(), inbox::add);
        this.thread = Thread.ofPlatform().name("scheduler-loop").daemon(true).unstarted(this::run);
        executor.observe(exit -> inbox.add(new LoopEvent.Exited(exit)));
    }

    /** The placement pipeline for a queue's jobs: the standard filters, scored by the queue's weights. */
    public Placement placementFor(String queue) {
        Scoring scoring = quotas.get().queue(queue).scoring();
        return scoring.equals(Scoring.DEFAULT) ? placement
                : scoredPlacements.computeIfAbsent(scoring, s -> Placement.scoredBy(s.scorer(grid)));
    }

    public void start() {
        thread.start();
    }

    /** True once jobs that were live before a restart have been re-adopted or settled. */
    public boolean isRecovered() {
        return recovered;
    }

    public void submitted(Job job) {
        inbox.add(new LoopEvent.Submitted(job));
    }

    /** Live jobs per user and project, against the submission limits: admit each job here before storing it. */
    public JobCounts jobCounts() {
        return jobCounts;
    }

    public CompletableFuture<Job> cancel(String project, String name, String actor, String action) {
        CompletableFuture<Job> reply = new CompletableFuture<>();
        inbox.add(new LoopEvent.Cancel(project, name, actor, action, reply, false));
        return reply;
    }

    /** Run a turn now: something the loop does not hear about by itself changed (a node, a clock in tests). */
    public void wake() {
        inbox.add(new LoopEvent.Wake());
    }

    /** What the loop last decided about a waiting job, with every node's verdict then; empty if it has not. */
    public Optional<Decisions.Decided> lastDecision(Job job) {
        return decisions.of(job.uid());
    }

    /** The workers that held resources at the end of the last turn, for energy attribution. */
    public List<RunningWorker> runningWorkers() {
        return cluster.publishedWorkers();
    }

    /** Cluster as of the end of the last turn, for explanations and node listings. */
    public ClusterSnapshot snapshot() {
        return cluster.published();
    }

    /** When and where the job would start were it submitted now, were the nodes idle; for a dry run, on the caller's thread. */
    public Optional<StartPlan> plan(Job job) {
        return deferral.plan(job, cluster.nodesNow(), clock.instant());
    }

    /** How many queued jobs are ahead of this one (-1 if it is not queued), answered by the loop. */
    public CompletableFuture<Integer> positionOf(Job job) {
        return ask(state -> state.position(job.uid()));
    }

    /** Asks the loop about its state; answered on its thread, between turns. */
    <T> CompletableFuture<T> ask(Function<LoopState, T> question) {
        CompletableFuture<T> reply = new CompletableFuture<>();
        inbox.add(new LoopEvent.Ask<>(question, reply, false));
        return reply;
    }

    private void run() {
        try {
            new Recovery(store, executor, clock).recover(state::place, inbox::add);
            Batch changes = new Batch();
            cluster.refresh();
            deferral.undecided(state, changes, cluster.capacity(), clock.instant());
            commit(changes);
        } catch (RuntimeException e) {
            log.error("recovery of live jobs failed; they stay as stored until the next start", e);
        }
        recovered = true;
        while (running) {
            List<LoopEvent> consumed = new ArrayList<>();
            try {
                LoopEvent first = inbox.poll(state.millisUntilNextTimer(clock.instant()), TimeUnit.MILLISECONDS);
                for (LoopEvent next = first; next != null; next = inbox.poll()) {
                    consumed.add(next);
                }
                turn(consumed);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("scheduler turn failed; reloading live jobs from the store and retrying its events", e);
                resync(consumed, e);
            }
        }
    }

    private void turn(List<LoopEvent> events) {
        Batch changes = new Batch();
        // A turn woken by its timers, or by anything but a question or a worker's start, may find room or work to place.
        placementDue = events.isEmpty();
        for (LoopEvent event : events) {
            placementDue |= !(event instanceof LoopEvent.Ask<?> || event instanceof LoopEvent.Launched l && l.failure().isEmpty());
            handle(event, changes);
        }
        placementDue |= deferral.release(state, changes, clock.instant());
        placementDue |= followNodes(changes);
        enforceMaxDuration(changes);
        commit(changes);
        // Workers starting free nothing and queue nothing: with a deep queue, planning again after every start doubled the turns' cost.
        if (!placementDue) {
            return;
        }
        for (Job placed : placeQueued()) {
            state.launching(placed);
            launcher.launch(placed);
        }
    }

    private void handle(LoopEvent event, Batch changes) {
        switch (event) {
            case LoopEvent.Submitted s -> submitted(s.job(), changes);
            case LoopEvent.Exited e -> exited(e.exit(), changes);
            case LoopEvent.Launched l -> launched(l, changes);
            case LoopEvent.Cancel c -> cancel(c, changes);
            case LoopEvent.Ask<?> a -> a.answer(state);
            case LoopEvent.Wake w -> { }
        }
    }

    // --- events ---

    private void exited(WorkerExit exit, Batch changes) {
        Optional<Job> live = state.live(exit.attempt().jobUid());
        if (live.isEmpty()) {
            log.debug("exit of a worker whose job is no longer live: {}", exit.attempt());
            return;
        }
        Job job = live.get();
        if (state.inLaunch(exit.attempt()) && isLaunching(job, exit.attempt())) {
            // The exit overtook the launcher's report of the worker's start: it is applied after that report.
            state.parkExit(exit);
            return;
        }
        Decision decision;
        try {
            decision = JobTransitions.workerExited(job, exit, clock.instant());
        } catch (LeptonException e) {
            if (e.code() != ErrorCode.STALE_EPOCH) {
                throw e;
            }
            log.info("refused a stale report: {}", e.getMessage());
            return;
        }
        Instant now = clock.instant();
        changes.ledger(tx -> tx.usage().ended(exit.attempt(), exit.usage(), now));
        String what = exit.exitCode().map(c -> "worker " + exit.attempt().rank() + " exited with code " + c)
                .orElse("worker " + exit.attempt().rank() + " ended without an exit status") + exit.reason().map(r -> " (" + r + ")").orElse("");
        state.stage(changes, decision, "WorkerExited", what, Optional.empty());
    }

    /**
     * A worker on a node its source no longer lists (a Kubernetes node deleted, a Slurm node out of the
     * partition), or lists as down (Kubernetes {@code NotReady}, Slurm {@code DOWN}), has nowhere to run: it is
     * lost, its gang stops as for any loss, and its job is retried as its policy says. The executor is asked
     * to stop it too; the exit it may report later is stale. A job with a worker on a node being drained is
     * preempted: stopped and queued again, not counted as a failure. A node merely unschedulable keeps its work.
     * Answers whether the nodes changed.
     */
    private boolean followNodes(Batch changes) {
        List<Node> now = cluster.nodesNow();
        // Only a new node list can have lost a node: the source hands a new list on each change.
        if (now == nodesLastSeen) {
            return false;
        }
        nodesLastSeen = now;
        Map<String, Node> listed = now.stream().collect(Collectors.toMap(Node::name, n -> n, (a, b) -> a));
        nodesByName = listed;
        for (Job job : List.copyOf(state.holding())) {
            for (WorkerStatus worker : job.status().workers()) {
                Node node = listed.get(worker.node());
                if (!worker.state().isFinished() && (node == null || !node.alive())) {
                    AttemptId attempt = new AttemptId(job.uid(), job.status().epoch(), worker.rank());
                    String why = node == null ? "its node " + worker.node() + " left the cluster" : "its node " + worker.node() + " is down";
                    exited(new WorkerExit(attempt, Optional.empty(), Usage.NONE, Optional.empty(), Optional.of(why)), changes);
                    changes.stop(List.of(attempt));
                }
            }
            state.live(job.uid()).ifPresent(live -> evictFromDrainingNodes(live, listed, changes));
        }
        return true;
    }

    /** Preempts a running job with a worker on a node being drained. */
    private void evictFromDrainingNodes(Job job, Map<String, Node> nodes, Batch changes) {
        job.status().workers().stream().filter(w -> !w.state().isFinished()).map(w -> nodes.get(w.node()))
                .filter(n -> n != null && n.condition() == NodeCondition.DRAINING).findFirst().ifPresent(node -> {
                    Decision decision = JobTransitions.preempt(job, "its node " + node.name() + " is being drained", clock.instant());
                    if (decision.job() != job) {
                        state.stage(changes, decision, "Preempted", "preempted: its node " + node.name() + " is being drained", Optional.empty());
                    }
                });
    }

    private static boolean isLaunching(Job job, AttemptId attempt) {
        return job.status().epoch() == attempt.epoch() && job.status().workers().stream()
                .anyMatch(w -> w.rank() == attempt.rank() && w.state() == WorkerState.LAUNCHING);
    }

    /**
     * The launcher's report: workers it started are running (and stopped at once if the job is being
     * stopped meanwhile); a worker it could not start fails the attempt, as the job's retry policy says.
     */
    private void launched(LoopEvent.Launched report, Batch changes) {
        state.launchReported(report.jobUid(), report.epoch());
        Optional<Job> live = state.live(report.jobUid()).filter(j -> j.status().epoch() == report.epoch());
        if (live.isEmpty()) {
            log.info("workers launched for an attempt that has ended; stopping them: job={} epoch={}", report.jobUid(), report.epoch());
            changes.stop(report.started().stream().map(ProcessRef::attempt).toList());
            return;
        }
        Job job = live.get();
        Instant now = clock.instant();
        for (ProcessRef process : report.started()) {
            job = JobTransitions.workerStarted(job, process, now);
            AttemptUsage row = ledgerRow(job, process);
            changes.ledger(tx -> tx.usage().started(row));
        }
        List<AttemptId> stop = job.status().stopping().isPresent()
                ? report.started().stream().map(ProcessRef::attempt).toList() : List.of();
        if (report.failure().isPresent()) {
            LoopEvent.Launched.Failure failure = report.failure().get();
            state.stage(changes, JobTransitions.launchFailed(job, failure.rank(), failure.reason(), now), "LaunchFailed",
                    "worker " + failure.rank() + " could not be launched: " + failure.reason(), Optional.empty());
        } else {
            state.stage(changes, new Decision(job, stop), "Started", report.started().size() + " worker(s) running", Optional.empty());
        }
        for (ProcessRef process : report.started()) {
            state.takeParkedExit(process.attempt()).ifPresent(exit -> {
                placementDue = true;
                exited(exit, changes);
            });
        }
        // Placed before its node was drained, it started after: it moves now.
        state.live(report.jobUid()).ifPresent(started -> evictFromDrainingNodes(started, nodesByName, changes));
    }

    /** The usage ledger's row for a worker that has just started. */
    private static AttemptUsage ledgerRow(Job job, ProcessRef process) {
        String node = job.status().workers().stream().filter(w -> w.rank() == process.attempt().rank()).findFirst().orElseThrow().node();
        Resources asked = job.spec().resources();
        return new AttemptUsage(process.attempt(), job.project(), job.name(), job.owner(), job.spec().queue(), node, asked.gpus(),
                asked.cpuMillis(), asked.memoryBytes(), process.startedAt(), Optional.empty(), 0, 0);
    }

    private void cancel(LoopEvent.Cancel c, Batch changes) {
        Optional<Job> job = state.live(c.project(), c.name());
        if (job.isEmpty()) {
            String ended = store.read(tx -> tx.jobs().find(c.project(), c.name()))
                    .map(j -> "job " + j.qualifiedName() + " has already ended (" + j.phase().displayName() + ")")
                    .orElse(null);
            c.reply().completeExceptionally(ended == null ? LeptonException.notFound("job", c.project() + "/" + c.name())
                    : new LeptonException(ErrorCode.ILLEGAL_TRANSITION, ended));
            return;
        }
        state.stage(changes, JobTransitions.cancel(job.get(), clock.instant()), "CancelRequested", "cancel requested by " + c.actor(),
                Optional.of(new Batch.Audit(c.actor(), c.action(), c.reply())));
    }

    /** Stops the running jobs whose deadline has come: only jobs whose timer came are looked at, not every running one. */
    private void enforceMaxDuration(Batch changes) {
        Instant now = clock.instant();
        List<Job> overdue = state.timersDue().stream().map(state::live).flatMap(Optional::stream)
                .filter(j -> j.phase() == JobPhase.RUNNING && j.status().stopping().isEmpty())
                .filter(j -> LoopState.deadline(j).map(d -> !d.isAfter(now)).orElse(false))
                .toList();
        for (Job job : overdue) {
            state.stage(changes, JobTransitions.timeOut(job, now), "TimedOut", "exceeded maxDuration; stopping", Optional.empty());
        }
    }

    // --- placement ---

    /**
     * A new job: if it can never fit the cluster, say so now, once, rather than on every turn;
     * it then stays out of placement until the nodes change. Else, if it has slack, it may be deferred.
     */
    private void submitted(Job job, Batch changes) {
        track(job);
        jobCounts.arrived(job);
        List<Node> nodes = cluster.nodesNow();
        Optional<String> never = feasibility.neverFits(nodes, PlanApplication.request(job));
        if (never.isPresent()) {
            state.infeasible(job.uid(), nodes);
            state.note(changes, job, WaitCause.INFEASIBLE, "cannot run on this cluster: " + never.get());
            return;
        }
        deferral.submitted(state, changes, job, nodes, clock.instant());
    }

    /**
     * Asks the shared scheduling core (the same {@link Allocator} and policy the simulator runs) what
     * to start and whom to preempt, under the queues' quotas; stores the new attempts and the
     * preemptions; returns the jobs to launch.
     */
    private List<Job> placeQueued() {
        Instant now = clock.instant();
        Batch changes = new Batch();
        cluster.refresh();
        // Dependencies not yet met and arrays at their parallelism hold jobs back before placement sees them.
        Set<String> held = prerequisites.holdBack(state, changes, now, job -> eligible(job, now));
        held.addAll(runningLimits.holdBack(state, changes, job -> !held.contains(job.uid()) && eligible(job, now)));
        Map<String, Job> waiting = new HashMap<>();
        Holdings holdings = state.holdings();
        AllocationPlan plan = Candidates.plan(allocator, policy, inQueueOrder, cluster.free(), holdings.running(), state.queuesApart(),
                job -> !held.contains(job.uid()) && eligible(job, now), new QuotaAdmission(new QuotaLedger(quotas.get(), holdings.usage())),
                waiting, now);
        List<Job> placed = plans.apply(plan, id -> waiting.containsKey(id) ? waiting.get(id) : holdings.runningJob(id), changes, now);
        commit(changes);
        cluster.publish();
        return placed.stream().map(j -> state.live(j.uid()).orElse(j)).toList();
    }

    private boolean eligible(Job job, Instant now) {
        return state.victimsGone(job.uid())
                && !job.status().notBefore().map(t -> t.isAfter(now)).orElse(false)
                && !state.infeasibleOn(job.uid(), cluster.capacity());
    }

    // --- state ---

    private void commit(Batch changes) {
        // A failed commit throws to the turn, whose resync answers or retries the requests in it.
        List<Job> stored = changes.isEmpty() ? List.of() : changes.commit(store, clock.instant());
        stored.forEach(this::track);
        for (AttemptId attempt : changes.stops()) {
            executor.stop(attempt, stopPlan(attempt));
        }
        changes.reply(stored);
    }

    /** How to stop a worker: as its job asks for the reason it is stopped (a checkpoint signal first, its grace period). */
    private StopPlan stopPlan(AttemptId attempt) {
        return state.live(attempt.jobUid())
                .flatMap(job -> job.status().stopping().map(reason -> job.spec().stopPlan(reason, config.stopGrace())))
                .orElse(StopPlan.graceful(config.stopGrace()));
    }

    /**
     * After a failed turn the loop's view may be ahead of the store: start again from what is stored.
     * Facts (exits, launch reports) go back to the queue until they are stored; a request that
     * carries a reply is tried once more, then answered with the failure; submissions are in the
     * store already and come back with it.
     */
    private void resync(List<LoopEvent> consumed, RuntimeException cause) {
        List<LoopEvent> retry = new ArrayList<>();
        List<Job> dropped = new ArrayList<>();
        for (LoopEvent event : consumed) {
            switch (event) {
                case LoopEvent.Exited e -> retry.add(e);
                case LoopEvent.Launched l -> retry.add(l);
                case LoopEvent.Cancel c when !c.retried() && !c.reply().isDone() ->
                        retry.add(new LoopEvent.Cancel(c.project(), c.name(), c.actor(), c.action(), c.reply(), true));
                case LoopEvent.Cancel c -> c.reply().completeExceptionally(unavailable(cause));
                case LoopEvent.Ask<?> a when !a.retried() && !a.reply().isDone() -> retry.add(a.again());
                case LoopEvent.Ask<?> a -> a.reply().completeExceptionally(unavailable(cause));
                case LoopEvent.Submitted s -> dropped.add(s.job());
                case LoopEvent.Wake w -> { }
            }
        }
        state.clear().forEach(exit -> retry.add(new LoopEvent.Exited(exit)));
        long pause = 100;
        try {
            store.read(tx -> tx.jobs().active()).forEach(state::place);
        } catch (RuntimeException e) {
            log.error("cannot reload live jobs; trying again in a second", e);
            pause = 1_000;
        }
        // Counted as arriving until now; as live, if the reload found them.
        dropped.forEach(jobCounts::arrived);
        retry.reversed().forEach(inbox::addFirst);
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static LeptonException unavailable(RuntimeException cause) {
        return new LeptonException(ErrorCode.UNAVAILABLE, "the scheduler could not apply this (" + cause.getMessage() + "); try again");
    }

    /** Puts a stored job where the loop keeps it and wakes whoever waits for it. */
    private void track(Job job) {
        state.place(job);
        prerequisites.seen(job);
        watchers.changed(job);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        launcher.close();
    }
}
