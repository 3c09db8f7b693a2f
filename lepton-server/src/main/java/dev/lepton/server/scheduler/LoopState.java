package dev.lepton.server.scheduler;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.WorkerExit;
import dev.lepton.core.job.Horizon;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobPhase;
import dev.lepton.core.job.JobTransitions;
import dev.lepton.core.job.JobTransitions.Decision;
import dev.lepton.core.job.WaitCause;
import dev.lepton.core.node.Node;
import dev.lepton.core.policy.SchedulingPolicy;
import dev.lepton.core.queue.QueueOrder;
import dev.lepton.server.limits.JobCounts;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the scheduler loop knows about live jobs, owned by its thread alone: every live job, those
 * that hold resources, the queue in policy order, the deferred jobs, one timer per job, and what placement learned
 * that outlives a turn (jobs found infeasible, jobs waiting for their victims to stop, exits that
 * overtook their worker's launch report).
 */
final class LoopState {
    private final Decisions decisions;
    private final Cluster cluster;
    private final InstantSource clock;
    /** Told of every job that joins or leaves {@link #live}, for the submission limits. */
    private final JobCounts counts;
    private final Map<String, Job> live = new HashMap<>();
    /** The live jobs that hold resources (their workers launching or running): what placement and timers look at. */
    private final Map<String, Job> holding = new HashMap<>();
    /** What the holding jobs add up to (queues' usage, running jobs as victims, nodes' use), kept as they change. */
    private final Holdings holdings;
    private final TreeSet<Job> queued = new TreeSet<>(QueueOrder.PRIORITY_THEN_FIFO);
    /** The same jobs by queue, each queue's in the same order: a plan may pass over the rest of a queue whose line is held. */
    private final Map<String, TreeSet<Job>> queuedByQueue = new HashMap<>();
    /**
     * Queued jobs not yet told why they wait (no cause, or only their turn): a plan may pass over them behind a held
     * line, and {@link PlanApplication} then tells them once whom they wait behind.
     */
    private final Map<String, Job> untold = new HashMap<>();
    /** Deferred jobs: out of their queue until the start their schedule chose, their {@code notBefore}. */
    private final Map<String, Job> deferred = new HashMap<>();
    /** The queued jobs with prerequisites (dependencies, or a place in an array), in the same order: all that Prerequisites reads. */
    private final TreeSet<Job> conditional = new TreeSet<>(QueueOrder.PRIORITY_THEN_FIFO);
    private final Timers timers = new Timers();
    /** Queued jobs found infeasible, and the nodes they were found infeasible on: not placed again until those change. */
    private final Map<String, List<Node>> infeasibleOn = new HashMap<>();
    /**
     * Queued jobs that preempted others, and the uids of those victims: a job waits until its victims
     * have stopped and freed their room (their grace period), rather than sharing GPUs with them.
     */
    private final Map<String, List<String>> awaitingVictims = new HashMap<>();
    /** Exits reported before the launcher reported the worker's start: applied once it has. */
    private final Map<AttemptId, WorkerExit> earlyExits = new HashMap<>();
    /**
     * Attempts (job uid and epoch) handed to the launcher and not yet reported back. Only their exits
     * wait for a report; a worker found ended after a restart has no launch to wait for.
     */
    private final Set<String> inLaunch = new HashSet<>();

    LoopState(Decisions decisions, Cluster cluster, SchedulingPolicy policy, InstantSource clock, JobCounts counts) {
        this.decisions = requireNonNull(decisions, "decisions is null");
        this.counts = requireNonNull(counts, "counts is null");
        this.cluster = requireNonNull(cluster, "cluster is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.holdings = new Holdings(cluster, policy, clock);
    }

    /** Records a decision in the step's batch and in the loop's view; nothing outside sees it until the batch commits. */
    void stage(Batch changes, Decision decision, String type, String message, Optional<Batch.Audit> audit) {
        Job next = decision.job();
        String eventMessage = next.phase().isTerminal() || next.phase() == JobPhase.QUEUED || next.phase() == JobPhase.DEFERRED
                ? message + " → " + next.phase().displayName() + ": " + next.status().message() : message;
        changes.add(decision, type, type.isEmpty() ? "" : eventMessage, audit);
        place(next);
    }

    /**
     * Stages a changed reason to wait, and records what was decided with every node's verdict on
     * this turn's snapshot; the same reason again changes nothing.
     */
    void note(Batch changes, Job job, WaitCause cause, String why) {
        if (!job.status().message().equals(why) || !job.status().waitCause().equals(Optional.of(cause))) {
            stage(changes, Decision.of(JobTransitions.waiting(job, cause, why)), "", "", Optional.empty());
            decisions.record(job, cause, why, cluster.current(), clock.instant());
        }
    }

    /** Puts a job where the loop keeps it: queued, holding, or gone; its one timer follows its phase. */
    void place(Job job) {
        if (job.phase() != JobPhase.QUEUED) {
            infeasibleOn.remove(job.uid());
            awaitingVictims.remove(job.uid());
            decisions.forget(job.uid());
        }
        Job previous = live.remove(job.uid());
        Job heldBefore = null;
        if (previous != null) {
            if (queued.remove(previous)) {
                TreeSet<Job> ofQueue = queuedByQueue.get(previous.spec().queue());
                ofQueue.remove(previous);
                if (ofQueue.isEmpty()) {
                    queuedByQueue.remove(previous.spec().queue());
                }
            }
            conditional.remove(previous);
            untold.remove(job.uid());
            heldBefore = holding.remove(job.uid());
            deferred.remove(job.uid());
        }
        Job heldAfter = !job.phase().isTerminal() && !JobTransitions.running(job).isEmpty() ? job : null;
        if (heldBefore != null || heldAfter != null) {
            holdings.changed(heldBefore, heldAfter);
        }
        if (job.phase().isTerminal()) {
            timers.set(job.uid(), Optional.empty());
            if (previous != null) {
                counts.live(job, -1);
            }
            return;
        }
        live.put(job.uid(), job);
        if (previous == null) {
            counts.live(job, 1);
        }
        if (heldAfter != null) {
            holding.put(job.uid(), job);
        }
        if (job.phase() == JobPhase.QUEUED) {
            queued.add(job);
            queuedByQueue.computeIfAbsent(job.spec().queue(), q -> new TreeSet<>(QueueOrder.PRIORITY_THEN_FIFO)).add(job);
            if (job.status().waitCause().filter(cause -> cause != WaitCause.QUEUED).isEmpty()) {
                untold.put(job.uid(), job);
            }
            if (!job.spec().after().isEmpty() || job.spec().array().isPresent()) {
                conditional.add(job);
            }
            timers.set(job.uid(), job.status().notBefore());
        } else if (job.phase() == JobPhase.DEFERRED) {
            deferred.put(job.uid(), job);
            timers.set(job.uid(), job.status().notBefore());
        } else {
            timers.set(job.uid(), deadline(job));
        }
    }

    /**
     * When a started job must begin to stop: its first start plus its {@code maxDuration}, less the
     * lead of its checkpoint signal, so that SIGTERM comes at the limit itself, as Slurm's
     * {@code --signal} comes before {@code --time} runs out.
     */
    static Optional<Instant> deadline(Job job) {
        Optional<Duration> limit = job.spec().maxDuration();
        Duration lead = job.spec().checkpointSignal().map(w -> w.lead()).orElse(Duration.ZERO);
        return limit.flatMap(d -> job.status().startedAt().map(s -> Horizon.plus(s, d.minus(lead))));
    }

    Optional<Job> live(String uid) {
        return Optional.ofNullable(live.get(uid));
    }

    Optional<Job> live(String project, String name) {
        return live.values().stream().filter(j -> j.project().equals(project) && j.name().equals(name)).findFirst();
    }

    Collection<Job> holding() {
        return holding.values();
    }

    Holdings holdings() {
        return holdings;
    }

    Collection<Job> queued() {
        return queued;
    }

    /** The queued jobs of each queue, in the same order as {@link #queued}. */
    Collection<? extends Collection<Job>> queuesApart() {
        return queuedByQueue.values();
    }

    /** Queued jobs told nothing yet but that they wait their turn. */
    Collection<Job> untold() {
        return untold.values();
    }

    Collection<Job> deferred() {
        return deferred.values();
    }

    /** The queued jobs that have dependencies or belong to an array, in queue order. */
    Collection<Job> queuedWithPrerequisites() {
        return conditional;
    }

    /** How many queued jobs are ahead of this one (-1 if it is not queued). */
    int position(String uid) {
        int ahead = 0;
        for (Job job : queued) {
            if (job.uid().equals(uid)) {
                return ahead;
            }
            ahead++;
        }
        return -1;
    }

    long millisUntilNextTimer(Instant now) {
        return timers.millisUntilNext(now, 1_000);
    }

    /** The jobs whose timer has come since the last turn (a deadline, a retry's end). */
    Set<String> timersDue() {
        return timers.takeDue();
    }

    int timers() {
        return timers.size();
    }

    void infeasible(String uid, List<Node> nodes) {
        infeasibleOn.put(uid, nodes);
    }

    /** The job was found infeasible on exactly these nodes (the same list object: nothing joined, left or changed). */
    boolean infeasibleOn(String uid, List<Node> nodes) {
        return infeasibleOn.get(uid) == nodes;
    }

    void awaitVictims(String uid, List<String> victims) {
        awaitingVictims.put(uid, List.copyOf(victims));
    }

    /** True while a job that preempted others waits for them to stop (it is about to start). */
    boolean awaitsVictims(String uid) {
        return awaitingVictims.containsKey(uid);
    }

    /** False while a job that preempted others still has victims holding their room; forgets them once none does. */
    boolean victimsGone(String uid) {
        List<String> victims = awaitingVictims.get(uid);
        if (victims == null) {
            return true;
        }
        if (victims.stream().anyMatch(holding::containsKey)) {
            return false;
        }
        awaitingVictims.remove(uid);
        return true;
    }

    void launching(Job scheduled) {
        inLaunch.add(scheduled.uid() + "." + scheduled.status().epoch());
    }

    void launchReported(String jobUid, int epoch) {
        inLaunch.remove(jobUid + "." + epoch);
    }

    /** Is the launcher still starting this worker's attempt? */
    boolean inLaunch(AttemptId attempt) {
        return inLaunch.contains(attempt.jobUid() + "." + attempt.epoch());
    }

    void parkExit(WorkerExit exit) {
        earlyExits.put(exit.attempt(), exit);
    }

    Optional<WorkerExit> takeParkedExit(AttemptId attempt) {
        return Optional.ofNullable(earlyExits.remove(attempt));
    }

    /**
     * Forgets everything but what the store has not seen: parked exits (returned, to replay) and
     * launches still under way (their reports will come).
     */
    List<WorkerExit> clear() {
        live.clear();
        counts.clearLive();
        holding.clear();
        holdings.clear();
        queued.clear();
        queuedByQueue.clear();
        untold.clear();
        deferred.clear();
        conditional.clear();
        timers.clear();
        infeasibleOn.clear();
        awaitingVictims.clear();
        decisions.clear();
        List<WorkerExit> parked = new ArrayList<>(earlyExits.values());
        earlyExits.clear();
        return parked;
    }
}
