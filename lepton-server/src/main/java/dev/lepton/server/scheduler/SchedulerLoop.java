package dev.lepton.server.scheduler;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.Executor;
import dev.lepton.core.execution.LaunchFailedException;
import dev.lepton.core.execution.LaunchSpec;
import dev.lepton.core.execution.ProcessRef;
import dev.lepton.core.execution.Usage;
import dev.lepton.core.execution.WorkerExit;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobPhase;
import dev.lepton.core.job.JobTransitions;
import dev.lepton.core.job.JobTransitions.Decision;
import dev.lepton.core.job.WorkerStatus;
import dev.lepton.core.node.Node;
import dev.lepton.core.quota.Quota;
import dev.lepton.core.quota.QuotaAdmission;
import dev.lepton.core.quota.QuotaLedger;
import dev.lepton.core.quota.QuotaTree;
import dev.lepton.core.placement.Assignment;
import dev.lepton.core.placement.ClusterSnapshot;
import dev.lepton.core.placement.Placement;
import dev.lepton.core.placement.Scoring;
import dev.lepton.core.policy.AllocationPlan;
import dev.lepton.core.policy.Allocator;
import dev.lepton.core.policy.Policies;
import dev.lepton.core.policy.SchedulingPolicy;
import dev.lepton.core.placement.PlacementOutcome;
import dev.lepton.core.placement.PlacementRequest;
import dev.lepton.core.queue.QueueOrder;
import dev.lepton.store.Store;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns live jobs. Each turn, in three steps of one transaction each:
 * <ol>
 *   <li>take every pending event (submission, exit, cancel, usage), apply its transition, and stop
 *       jobs that ran past their {@code maxDuration}; store;</li>
 *   <li>snapshot the cluster and place queued jobs in priority-then-FIFO order: a job that waits
 *       for resources holds back the ones behind it, one that can never fit does not; store the
 *       new attempts (the intent to launch, so a crash during launch is recoverable);</li>
 *   <li>launch their workers outside any transaction; store that they started.</li>
 * </ol>
 * Every change is stored before anything outside learns of it (workers stopped, waiters woken).
 */
public final class SchedulerLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SchedulerLoop.class);
    /** How the status of a job that preempted others, and waits for them to stop, begins. */
    public static final String PREEMPTING = "preempting ";

    private final Store store;
    private final Executor executor;
    private final Placement placement;
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
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean recovered;

    // Owned by the loop thread.
    private final Map<String, Job> live = new HashMap<>();
    /** The live jobs that hold resources (their workers launching or running): what placement and timers look at. */
    private final Map<String, Job> holding = new HashMap<>();
    private final TreeSet<Job> queued = new TreeSet<>(QueueOrder.PRIORITY_THEN_FIFO);
    private final PriorityQueue<Instant> wakeups = new PriorityQueue<>();
    /** Queued jobs found infeasible, and the nodes they were found infeasible on: not placed again until those change. */
    private final Map<String, List<Node>> infeasibleOn = new HashMap<>();
    /**
     * Queued jobs that preempted others, and the uids of those victims: a job waits until its victims
     * have stopped and freed their room (their grace period), rather than sharing GPUs with them.
     */
    private final Map<String, List<String>> awaitingVictims = new HashMap<>();

    public SchedulerLoop(Store store, Executor executor, Placement placement, Cluster cluster, Supplier<QuotaTree> quotas,
                         InstantSource clock, JobWatchers watchers, SchedulerConfig config) {
        this.store = requireNonNull(store, "store is null");
        this.executor = requireNonNull(executor, "executor is null");
        this.placement = requireNonNull(placement, "placement is null");
        this.cluster = requireNonNull(cluster, "cluster is null");
        this.quotas = requireNonNull(quotas, "quotas is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.watchers = requireNonNull(watchers, "watchers is null");
        this.config = requireNonNull(config, "config is null");
        this.policy = Policies.named(config.policy());
        this.inQueueOrder = List.of("priority", "backfill").contains(policy.name());
        this.thread = Thread.ofPlatform().name("scheduler-loop").daemon(true).unstarted(this::run);
        executor.observe(exit -> inbox.add(new LoopEvent.Exited(exit)));
    }

    /** The placement pipeline for a queue's jobs: the standard filters, scored by the queue's weights. */
    public Placement placementFor(String queue) {
        Scoring scoring = quotas.get().queue(queue).scoring();
        return scoring.equals(Scoring.DEFAULT) ? placement
                : scoredPlacements.computeIfAbsent(scoring, s -> Placement.scoredBy(s.scorer(config.carbonIntensity())));
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

    public CompletableFuture<Job> cancel(String project, String name, String actor, String action) {
        CompletableFuture<Job> reply = new CompletableFuture<>();
        inbox.add(new LoopEvent.Cancel(project, name, actor, action, reply));
        return reply;
    }

    /** Run a turn now: something the loop does not hear about by itself changed (a node, a clock in tests). */
    public void wake() {
        inbox.add(new LoopEvent.Wake());
    }

    public void sampled(Map<AttemptId, Usage> usage) {
        if (!usage.isEmpty()) {
            inbox.add(new LoopEvent.Sampled(usage));
        }
    }

    /** Cluster as of the end of the last turn, for explanations and node listings. */
    public ClusterSnapshot snapshot() {
        return cluster.published();
    }

    /** How many queued jobs are ahead of this one (-1 if it is not queued), answered by the loop. */
    public CompletableFuture<Integer> positionOf(Job job) {
        CompletableFuture<Integer> reply = new CompletableFuture<>();
        inbox.add(new LoopEvent.Position(job.uid(), reply));
        return reply;
    }

    private void run() {
        try {
            new Recovery(store, executor, clock).recover(this::place, inbox::add);
        } catch (RuntimeException e) {
            log.error("recovery of live jobs failed; they stay as stored until the next start", e);
        }
        recovered = true;
        while (running) {
            List<LoopEvent> consumed = new ArrayList<>();
            try {
                LoopEvent first = inbox.poll(untilNextWakeup(), TimeUnit.MILLISECONDS);
                for (LoopEvent next = first; next != null; next = inbox.poll()) {
                    consumed.add(next);
                }
                turn(consumed);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("scheduler turn failed; reloading live jobs from the store and retrying its events", e);
                resync(consumed);
            }
        }
    }

    private void turn(List<LoopEvent> events) {
        Batch changes = new Batch();
        for (LoopEvent event : events) {
            handle(event, changes);
        }
        enforceMaxDuration(changes);
        commit(changes);
        List<Job> placed = placeQueued();
        commit(launchAll(placed));
    }

    private long untilNextWakeup() {
        Instant now = clock.instant();
        while (!wakeups.isEmpty() && !wakeups.peek().isAfter(now)) {
            wakeups.poll();
        }
        return wakeups.isEmpty() ? 1_000 : Math.max(1, wakeups.peek().toEpochMilli() - now.toEpochMilli());
    }

    private void handle(LoopEvent event, Batch changes) {
        switch (event) {
            case LoopEvent.Submitted s -> submitted(s.job(), changes);
            case LoopEvent.Exited e -> exited(e.exit(), changes);
            case LoopEvent.Cancel c -> cancel(c, changes);
            case LoopEvent.Sampled s -> sampled(s, changes);
            case LoopEvent.Position p -> p.reply().complete(position(p.uid()));
            case LoopEvent.Wake w -> { }
        }
    }

    // --- events ---

    private void exited(WorkerExit exit, Batch changes) {
        Job job = live.get(exit.attempt().jobUid());
        if (job == null) {
            log.debug("exit of a worker whose job is no longer live: {}", exit.attempt());
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
        String what = exit.exitCode().map(c -> "worker " + exit.attempt().rank() + " exited with code " + c)
                .orElse("worker " + exit.attempt().rank() + " ended without an exit status") + exit.reason().map(r -> " (" + r + ")").orElse("");
        stage(changes, decision, "WorkerExited", what, Optional.empty());
    }

    private void cancel(LoopEvent.Cancel c, Batch changes) {
        Optional<Job> job = live.values().stream()
                .filter(j -> j.project().equals(c.project()) && j.name().equals(c.name())).findFirst();
        if (job.isEmpty()) {
            String ended = store.read(tx -> tx.jobs().find(c.project(), c.name()))
                    .map(j -> "job " + j.qualifiedName() + " has already ended (" + j.phase().displayName() + ")")
                    .orElse(null);
            c.reply().completeExceptionally(ended == null ? LeptonException.notFound("job", c.project() + "/" + c.name())
                    : new LeptonException(ErrorCode.ILLEGAL_TRANSITION, ended));
            return;
        }
        stage(changes, JobTransitions.cancel(job.get(), clock.instant()), "CancelRequested", "cancel requested by " + c.actor(),
                Optional.of(new Batch.Audit(c.actor(), c.action(), c.reply())));
    }

    private void sampled(LoopEvent.Sampled s, Batch changes) {
        s.usage().forEach((attempt, usage) -> {
            Job job = live.get(attempt.jobUid());
            if (job != null && job.status().epoch() == attempt.epoch()) {
                try {
                    stage(changes, Decision.of(JobTransitions.usage(job, attempt, usage)), "", "", Optional.empty());
                } catch (LeptonException staleOrEnded) {
                    log.debug("usage of a worker that has ended: {}", attempt);
                }
            }
        });
    }

    private void enforceMaxDuration(Batch changes) {
        Instant now = clock.instant();
        List<Job> overdue = holding.values().stream()
                .filter(j -> j.phase() == JobPhase.RUNNING && j.status().stopping().isEmpty())
                .filter(j -> deadline(j).map(d -> !d.isAfter(now)).orElse(false))
                .toList();
        for (Job job : overdue) {
            stage(changes, JobTransitions.timeOut(job, now), "TimedOut", "exceeded maxDuration; stopping", Optional.empty());
        }
    }

    private static Optional<Instant> deadline(Job job) {
        return job.spec().maxDuration().flatMap(d -> job.status().startedAt().map(s -> s.plus(d)));
    }

    // --- placement and launch ---

    /**
     * A new job: if it can never fit the cluster, say so now, once, rather than on every turn;
     * it then stays out of placement until the nodes change.
     */
    private void submitted(Job job, Batch changes) {
        track(job);
        cluster.refresh(holding.values());
        if (placement.place(cluster.current(), request(job)) instanceof PlacementOutcome.Infeasible infeasible) {
            infeasibleOn.put(job.uid(), cluster.capacity());
            note(changes, job, "cannot run on this cluster: " + infeasible.summary());
        }
    }

    private int position(String uid) {
        int ahead = 0;
        for (Job job : queued) {
            if (job.uid().equals(uid)) {
                return ahead;
            }
            ahead++;
        }
        return -1;
    }

    /**
     * Asks the shared scheduling core (the same {@link Allocator} and policy the simulator runs) what
     * to start and whom to preempt, under the queues' quotas; stores the new attempts and the
     * preemptions; returns the jobs to launch.
     */
    private List<Job> placeQueued() {
        Instant now = clock.instant();
        Batch changes = new Batch();
        cluster.refresh(holding.values());
        Map<String, Job> byId = new HashMap<>();
        AllocationPlan plan = Candidates.plan(allocator, policy, inQueueOrder, cluster.current(), holding.values(),
                () -> queued.stream().filter(job -> eligible(job, now)).iterator(), new QuotaAdmission(ledger()), byId, now);
        Map<String, List<Job>> victimsOf = new HashMap<>();
        Set<String> stoppingOn = new HashSet<>();
        for (AllocationPlan.Preemption preemption : plan.preemptions()) {
            Job victim = byId.get(preemption.victim().id());
            victimsOf.computeIfAbsent(preemption.beneficiary(), id -> new ArrayList<>()).add(victim);
            preemption.victim().assignments().forEach(a -> stoppingOn.add(a.node()));
            String why = "for " + byId.get(preemption.beneficiary()).name() + ": " + preemption.reason();
            stage(changes, JobTransitions.preempt(victim, why, now), "Preempted", "preempted " + why, Optional.empty());
        }
        List<Job> placed = new ArrayList<>();
        for (AllocationPlan.Start start : plan.starts()) {
            List<Job> victims = victimsOf.get(start.candidate().id());
            if (victims != null) {
                Job beneficiary = byId.get(start.candidate().id());
                awaitingVictims.put(beneficiary.uid(), victims.stream().map(Job::uid).toList());
                note(changes, live.get(beneficiary.uid()), PREEMPTING + victims.stream().map(Job::name).collect(Collectors.joining(", "))
                        + " to make room; starts once they have stopped");
                continue;
            }
            Optional<String> busy = start.assignments().stream().map(Assignment::node).filter(stoppingOn::contains).findFirst();
            if (busy.isPresent()) {
                // The room preempted work leaves behind stays its own until it has stopped: it keeps its place in the queue.
                note(changes, live.get(byId.get(start.candidate().id()).uid()), "fits on " + busy.get() + " once preempted work there has stopped");
                continue;
            }
            Job scheduled = JobTransitions.schedule(byId.get(start.candidate().id()), start.assignments());
            stage(changes, Decision.of(scheduled), "Scheduled", "attempt " + scheduled.status().epoch() + " placed on "
                    + start.assignments().stream().map(Assignment::node).distinct().toList(), Optional.empty());
            placed.add(scheduled);
        }
        for (AllocationPlan.Waiting w : plan.waiting()) {
            Job job = byId.get(w.candidate());
            if (job == null || job.phase() != JobPhase.QUEUED || w.cause() == AllocationPlan.Cause.ORDER) {
                continue;
            }
            if (w.cause() == AllocationPlan.Cause.INFEASIBLE) {
                infeasibleOn.put(job.uid(), cluster.capacity());
                // The placement pipeline says which resource or constraint rules each node out.
                String why = placement.place(cluster.current(), request(job)) instanceof PlacementOutcome.Infeasible i ? i.summary() : w.reason();
                note(changes, live.get(job.uid()), "cannot run on this cluster: " + why);
            } else {
                note(changes, live.get(job.uid()), w.reason());
            }
        }
        commit(changes);
        cluster.publish();
        return placed.stream().map(j -> live.get(j.uid())).toList();
    }

    private boolean eligible(Job job, Instant now) {
        List<String> victims = awaitingVictims.get(job.uid());
        if (victims != null) {
            if (victims.stream().anyMatch(holding::containsKey)) {
                return false;
            }
            awaitingVictims.remove(job.uid());
        }
        return !job.status().notBefore().map(t -> t.isAfter(now)).orElse(false) && infeasibleOn.get(job.uid()) != cluster.capacity();
    }

    private static PlacementRequest request(Job job) {
        return new PlacementRequest(job.qualifiedName(), job.spec().resources(), job.spec().workers(), job.spec().constraints());
    }

    /** What each queue's running jobs hold now, against the quotas in force. */
    private QuotaLedger ledger() {
        Map<String, Quota> usage = new HashMap<>();
        for (Job job : holding.values()) {
            usage.merge(job.spec().queue(), Quota.of(job.spec().totalResources()), Quota::plus);
        }
        return new QuotaLedger(quotas.get(), usage);
    }


    private void note(Batch changes, Job job, String why) {
        if (!job.status().message().equals(why)) {
            stage(changes, Decision.of(JobTransitions.waiting(job, why)), "", "", Optional.empty());
        }
    }

    /** Launches every worker of the placed jobs, outside any transaction; returns the starts to store. */
    private Batch launchAll(List<Job> placed) {
        Batch changes = new Batch();
        for (Job job : placed) {
            launch(job, changes);
        }
        return changes;
    }

    private void launch(Job scheduled, Batch changes) {
        Instant now = clock.instant();
        int port = Ports.free();
        Job current = scheduled;
        Map<String, Integer> perNode = new HashMap<>();
        for (WorkerStatus worker : scheduled.status().workers()) {
            Assignment assignment = new Assignment(worker.rank(), worker.node(), worker.gpuIndices());
            AttemptId attempt = new AttemptId(scheduled.uid(), scheduled.status().epoch(), worker.rank());
            int localRank = perNode.merge(worker.node(), 1, Integer::sum) - 1;
            LaunchSpec spec = LaunchEnvironment.spec(scheduled, assignment, attempt, localRank, config.masterAddress(), port);
            try {
                ProcessRef process = executor.launch(spec);
                current = JobTransitions.workerStarted(current, attempt, process.pid(), process.startedAt(), now);
            } catch (LaunchFailedException e) {
                log.warn("launch failed: job={} attempt={}", scheduled.qualifiedName(), attempt, e);
                stage(changes, JobTransitions.launchFailed(current, worker.rank(), e.getMessage(), clock.instant()),
                        "LaunchFailed", e.getMessage(), Optional.empty());
                return;
            }
        }
        stage(changes, Decision.of(current), "Started", current.status().workers().size() + " worker(s) running", Optional.empty());
    }

    // --- state ---

    /** Records a decision in the step's batch and in the loop's view; nothing outside sees it until commit. */
    private void stage(Batch changes, Decision decision, String type, String message, Optional<Batch.Audit> audit) {
        Job next = decision.job();
        String eventMessage = next.phase().isTerminal() || next.phase() == JobPhase.QUEUED
                ? message + " → " + next.phase().displayName() + ": " + next.status().message() : message;
        changes.add(decision, type, type.isEmpty() ? "" : eventMessage, audit);
        place(next);
    }

    private void commit(Batch changes) {
        if (changes.isEmpty()) {
            return;
        }
        List<Job> stored;
        try {
            stored = changes.commit(store, clock.instant());
        } catch (RuntimeException e) {
            changes.fail(e);
            throw e;
        }
        stored.forEach(this::track);
        for (AttemptId attempt : changes.stops()) {
            executor.stop(attempt, config.stopGrace());
        }
        changes.reply(stored);
    }

    /** After a failed commit the loop's view may be ahead of the store: start again from what is stored. */
    private void resync(List<LoopEvent> consumed) {
        try {
            live.clear();
            queued.clear();
            holding.clear();
            infeasibleOn.clear();
            store.read(tx -> tx.jobs().active()).forEach(this::place);
            consumed.stream().filter(e -> e instanceof LoopEvent.Exited).forEach(inbox::addFirst);
            Thread.sleep(100);
        } catch (RuntimeException e) {
            log.error("cannot reload live jobs; trying again in a second", e);
            consumed.stream().filter(ev -> ev instanceof LoopEvent.Exited).forEach(inbox::addFirst);
            sleepQuietly(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Puts a stored job where the loop keeps it and wakes whoever waits for it. */
    private void track(Job job) {
        place(job);
        watchers.changed(job);
    }

    /** Puts a job where the loop keeps it: queued, live, or gone. */
    private void place(Job job) {
        if (job.phase() != JobPhase.QUEUED) {
            infeasibleOn.remove(job.uid());
            awaitingVictims.remove(job.uid());
        }
        Job previous = live.remove(job.uid());
        if (previous != null) {
            queued.remove(previous);
            holding.remove(job.uid());
        }
        if (!job.phase().isTerminal()) {
            live.put(job.uid(), job);
            if (!JobTransitions.running(job).isEmpty()) {
                holding.put(job.uid(), job);
            }
            if (job.phase() == JobPhase.QUEUED) {
                queued.add(job);
                job.status().notBefore().ifPresent(wakeups::add);
            }
            deadline(job).ifPresent(wakeups::add);
        }
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
    }
}
