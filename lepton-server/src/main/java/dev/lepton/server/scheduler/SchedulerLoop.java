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
import dev.lepton.core.placement.Assignment;
import dev.lepton.core.placement.ClusterSnapshot;
import dev.lepton.core.placement.Placement;
import dev.lepton.core.placement.PlacementOutcome;
import dev.lepton.core.placement.PlacementRequest;
import dev.lepton.core.queue.QueueOrder;
import dev.lepton.store.Store;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns live jobs. Each turn:
 * <ol>
 *   <li>take every pending event (submission, exit, cancel, usage) and apply its transition;</li>
 *   <li>stop jobs that ran past their {@code maxDuration};</li>
 *   <li>snapshot the cluster, and place queued jobs in priority-then-FIFO order: a job that waits
 *       for resources holds back the ones behind it; one that can never fit does not;</li>
 *   <li>for each placement, store the new attempt, then launch its workers outside the
 *       transaction, then store that they started.</li>
 * </ol>
 * Every change is stored before anything outside learns of it.
 */
public final class SchedulerLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SchedulerLoop.class);

    private final Store store;
    private final Executor executor;
    private final Placement placement;
    private final Cluster cluster;
    private final InstantSource clock;
    private final JobWatchers watchers;
    private final SchedulerConfig config;
    private final LinkedBlockingQueue<LoopEvent> inbox = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean recovered;

    // Owned by the loop thread.
    private final Map<String, Job> live = new HashMap<>();
    private final TreeSet<Job> queued = new TreeSet<>(QueueOrder.PRIORITY_THEN_FIFO);
    private final PriorityQueue<Instant> wakeups = new PriorityQueue<>();

    public SchedulerLoop(Store store, Executor executor, Placement placement, Cluster cluster, InstantSource clock,
                         JobWatchers watchers, SchedulerConfig config) {
        this.store = requireNonNull(store, "store is null");
        this.executor = requireNonNull(executor, "executor is null");
        this.placement = requireNonNull(placement, "placement is null");
        this.cluster = requireNonNull(cluster, "cluster is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.watchers = requireNonNull(watchers, "watchers is null");
        this.config = requireNonNull(config, "config is null");
        this.thread = Thread.ofPlatform().name("scheduler-loop").daemon(true).unstarted(this::run);
        executor.observe(exit -> inbox.add(new LoopEvent.Exited(exit)));
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

    public void sampled(Map<AttemptId, Usage> usage) {
        if (!usage.isEmpty()) {
            inbox.add(new LoopEvent.Sampled(usage));
        }
    }

    /** Cluster as of the end of the last turn, for explanations and node listings. */
    public ClusterSnapshot snapshot() {
        return cluster.published();
    }

    /** Queued jobs ahead of this one, as of the last turn. */
    public int positionOf(Job job) {
        return cluster.queuePosition(job);
    }

    private void run() {
        try {
            new Recovery(store, executor, clock).recover(live, queued, inbox::add);
        } catch (RuntimeException e) {
            log.error("recovery of live jobs failed; they stay as stored until the next start", e);
        }
        recovered = true;
        while (running) {
            try {
                LoopEvent first = inbox.poll(untilNextWakeup(), TimeUnit.MILLISECONDS);
                if (first != null) {
                    handle(first);
                }
                for (LoopEvent next = inbox.poll(); next != null; next = inbox.poll()) {
                    handle(next);
                }
                enforceMaxDuration();
                scheduleQueued();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("scheduler turn failed; continuing with the next", e);
            }
        }
    }

    private long untilNextWakeup() {
        Instant now = clock.instant();
        while (!wakeups.isEmpty() && !wakeups.peek().isAfter(now)) {
            wakeups.poll();
        }
        return wakeups.isEmpty() ? 1_000 : Math.max(1, wakeups.peek().toEpochMilli() - now.toEpochMilli());
    }

    private void handle(LoopEvent event) {
        try {
            switch (event) {
                case LoopEvent.Submitted s -> track(s.job());
                case LoopEvent.Exited e -> exited(e.exit());
                case LoopEvent.Cancel c -> cancel(c);
                case LoopEvent.Sampled s -> sampled(s);
                case LoopEvent.Wake w -> { }
            }
        } catch (RuntimeException e) {
            log.error("scheduler event failed: {}", event.getClass().getSimpleName(), e);
            if (event instanceof LoopEvent.Cancel c) {
                c.reply().completeExceptionally(e);
            }
        }
    }

    // --- events ---

    private void exited(WorkerExit exit) {
        Job job = live.get(exit.attempt().jobUid());
        if (job == null) {
            log.debug("exit of a worker whose job is no longer live: {}", exit.attempt());
            return;
        }
        Decision decision;
        try {
            decision = JobTransitions.workerExited(job, exit.attempt(), exit.exitCode(), exit.usage(), clock.instant());
        } catch (LeptonException e) {
            if (e.code() != ErrorCode.STALE_EPOCH) {
                throw e;
            }
            log.info("refused a stale report: {}", e.getMessage());
            return;
        }
        String what = exit.exitCode().map(c -> "worker " + exit.attempt().rank() + " exited with code " + c)
                .orElse("worker " + exit.attempt().rank() + " ended without an exit status");
        apply(decision, "WorkerExited", what);
    }

    private void cancel(LoopEvent.Cancel c) {
        Job job = live.values().stream()
                .filter(j -> j.project().equals(c.project()) && j.name().equals(c.name())).findFirst()
                .orElse(null);
        if (job == null) {
            Job stored = store.read(tx -> tx.jobs().find(c.project(), c.name()))
                    .orElseThrow(() -> LeptonException.notFound("job", c.project() + "/" + c.name()));
            throw new LeptonException(ErrorCode.ILLEGAL_TRANSITION, "job " + stored.qualifiedName() + " has already ended ("
                    + stored.phase().displayName() + ")");
        }
        Job stored = apply(JobTransitions.cancel(job, clock.instant()), "CancelRequested", "cancel requested by " + c.actor(),
                Optional.of(c));
        c.reply().complete(stored);
    }

    private void sampled(LoopEvent.Sampled s) {
        List<Job> changed = new ArrayList<>();
        Map<String, Job> updated = new HashMap<>();
        s.usage().forEach((attempt, usage) -> {
            Job job = updated.getOrDefault(attempt.jobUid(), live.get(attempt.jobUid()));
            if (job != null && job.status().epoch() == attempt.epoch()) {
                updated.put(job.uid(), JobTransitions.usage(job, attempt, usage));
            }
        });
        changed.addAll(updated.values());
        if (changed.isEmpty()) {
            return;
        }
        List<Job> stored = store.write(tx -> changed.stream().map(j -> tx.jobs().update(j)).toList());
        stored.forEach(j -> live.put(j.uid(), j));
    }

    // --- timers ---

    private void enforceMaxDuration() {
        Instant now = clock.instant();
        List<Job> overdue = live.values().stream()
                .filter(j -> j.phase() == JobPhase.RUNNING && j.status().stopping().isEmpty())
                .filter(j -> deadline(j).map(d -> !d.isAfter(now)).orElse(false))
                .toList();
        for (Job job : overdue) {
            apply(JobTransitions.timeOut(job, now), "TimedOut", "exceeded maxDuration; stopping");
        }
    }

    private static Optional<Instant> deadline(Job job) {
        return job.spec().maxDuration().flatMap(d -> job.status().startedAt().map(s -> s.plus(d)));
    }

    // --- placement and launch ---

    private void scheduleQueued() {
        Instant now = clock.instant();
        cluster.refresh(live.values());
        Optional<Job> blockedBy = Optional.empty();
        List<Job> messages = new ArrayList<>();
        int position = 0;
        for (Job job : List.copyOf(queued)) {
            cluster.recordPosition(job, position++);
            if (job.status().notBefore().map(t -> t.isAfter(now)).orElse(false)) {
                continue;
            }
            PlacementOutcome outcome = placement.place(cluster.current(),
                    new PlacementRequest(job.qualifiedName(), job.spec().resources(), job.spec().workers()));
            switch (outcome) {
                case PlacementOutcome.Placed placed -> {
                    if (blockedBy.isEmpty()) {
                        launch(job, placed.assignments());
                    } else {
                        note(messages, job, "fits now, but waits behind " + blockedBy.get().name() + ", which is ahead in the queue");
                    }
                }
                case PlacementOutcome.Waiting waiting -> {
                    note(messages, job, blockedBy.map(b -> "waits behind " + b.name() + "; also " + waiting.summary())
                            .orElse(waiting.summary()));
                    blockedBy = blockedBy.or(() -> Optional.of(job));
                }
                case PlacementOutcome.Infeasible infeasible -> note(messages, job, "cannot run on this cluster: " + infeasible.summary());
            }
        }
        if (!messages.isEmpty()) {
            List<Job> stored = store.write(tx -> messages.stream().map(j -> tx.jobs().update(j)).toList());
            stored.forEach(this::track);
        }
        cluster.publish();
    }

    private static void note(List<Job> messages, Job job, String why) {
        if (!job.status().message().equals(why)) {
            messages.add(JobTransitions.waiting(job, why));
        }
    }

    private void launch(Job job, List<Assignment> assignments) {
        Instant now = clock.instant();
        Job scheduled = apply(Decision.of(JobTransitions.schedule(job, assignments)), "Scheduled",
                "attempt " + (job.status().epoch() + 1) + " placed on " + assignments.stream().map(Assignment::node).distinct().toList());
        cluster.take(scheduled);
        String master = config.masterAddress();
        int port = Ports.free();
        Job current = scheduled;
        Map<String, Integer> perNode = new HashMap<>();
        for (Assignment worker : assignments) {
            AttemptId attempt = new AttemptId(job.uid(), scheduled.status().epoch(), worker.rank());
            int localRank = perNode.merge(worker.node(), 1, Integer::sum) - 1;
            LaunchSpec spec = new LaunchSpec(attempt, worker.node(), job.spec().command(),
                    LaunchEnvironment.of(scheduled, worker, localRank, master, port), job.spec().resources(), worker.gpuIndices());
            try {
                ProcessRef process = executor.launch(spec);
                current = JobTransitions.workerStarted(current, attempt, process.pid(), process.startedAt(), now);
            } catch (LaunchFailedException e) {
                log.warn("launch failed: job={} attempt={}", job.qualifiedName(), attempt, e);
                Decision failed = JobTransitions.launchFailed(current, worker.rank(), e.getMessage(), clock.instant());
                apply(failed, "LaunchFailed", e.getMessage());
                return;
            }
        }
        apply(Decision.of(current), "Started", assignments.size() + " worker(s) running");
    }

    /** Stores a decision with its event, stops what it says to stop, and updates the loop's view. */
    private Job apply(Decision decision, String type, String message) {
        return apply(decision, type, message, Optional.empty());
    }

    private Job apply(Decision decision, String type, String message, Optional<LoopEvent.Cancel> audited) {
        Job next = decision.job();
        Instant now = clock.instant();
        String eventMessage = next.phase().isTerminal() || next.phase() == JobPhase.QUEUED
                ? message + " → " + next.phase().displayName() + ": " + next.status().message() : message;
        Job stored = store.write(tx -> {
            Job saved = tx.jobs().update(next);
            tx.events().append(saved.project(), "job/" + saved.name(), type, eventMessage, now);
            audited.ifPresent(c -> tx.audit().record(now, c.actor(), c.action(), "job/" + saved.qualifiedName(), true, ""));
            return saved;
        });
        for (AttemptId attempt : decision.toStop()) {
            executor.stop(attempt, config.stopGrace());
        }
        track(stored);
        return stored;
    }

    /** Puts a stored job where the loop keeps it: queued, live, or gone. */
    private void track(Job job) {
        Job previous = live.remove(job.uid());
        if (previous != null) {
            queued.remove(previous);
        }
        if (!job.phase().isTerminal()) {
            live.put(job.uid(), job);
            if (job.phase() == JobPhase.QUEUED) {
                queued.add(job);
                job.status().notBefore().ifPresent(wakeups::add);
            }
            deadline(job).ifPresent(wakeups::add);
        }
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
    }
}
