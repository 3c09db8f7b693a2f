package dev.lepton.server.scheduler;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobPhase;
import dev.lepton.core.job.JobTransitions;
import dev.lepton.core.job.JobTransitions.Decision;
import dev.lepton.core.job.WaitCause;
import dev.lepton.core.placement.Assignment;
import dev.lepton.core.placement.Placement;
import dev.lepton.core.placement.PlacementOutcome;
import dev.lepton.core.placement.PlacementRequest;
import dev.lepton.core.policy.AllocationPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns the scheduling core's plan for one turn into staged changes: victims preempted, jobs
 * scheduled (a new attempt, the intent to launch), and every job that waits told why. A job that
 * preempted others waits until they have stopped; room that preempted work is leaving stays its
 * own until then.
 */
final class PlanApplication {
    /** How the status of a job that preempted others, and waits for them to stop, begins. */
    static final String PREEMPTING = "preempting ";

    private final LoopState state;
    private final Cluster cluster;
    private final Placement placement;

    PlanApplication(LoopState state, Cluster cluster, Placement placement) {
        this.state = requireNonNull(state, "state is null");
        this.cluster = requireNonNull(cluster, "cluster is null");
        this.placement = requireNonNull(placement, "placement is null");
    }

    /** Stages the plan in {@code changes}; returns the jobs it scheduled, to launch once stored. */
    List<Job> apply(AllocationPlan plan, Function<String, Job> byId, Batch changes, Instant now) {
        Map<String, List<Job>> victimsOf = new HashMap<>();
        Set<String> stoppingOn = new HashSet<>();
        for (AllocationPlan.Preemption preemption : plan.preemptions()) {
            Job victim = byId.apply(preemption.victim().id());
            victimsOf.computeIfAbsent(preemption.beneficiary(), id -> new ArrayList<>()).add(victim);
            preemption.victim().assignments().forEach(a -> stoppingOn.add(a.node()));
            String why = "for " + byId.apply(preemption.beneficiary()).name() + ": " + preemption.reason();
            state.stage(changes, JobTransitions.preempt(victim, why, now), "Preempted", "preempted " + why, Optional.empty());
        }
        List<Job> placed = new ArrayList<>();
        for (AllocationPlan.Start start : plan.starts()) {
            start(start, byId, victimsOf, stoppingOn, changes).ifPresent(placed::add);
        }
        for (AllocationPlan.Waiting waiting : plan.waiting()) {
            explainWaiting(waiting, byId.apply(waiting.candidate()), changes);
        }
        explainBehind(plan, byId, changes);
        return placed;
    }

    /**
     * Jobs that wait behind a held line are not read, or not told why (their wait is the line's): those told nothing
     * yet (just submitted, or queued again) are told once whom they wait behind, the first job of their queue that
     * waits, with its reason. They are not told again as the head or its reason changes: that would cost every job
     * behind a line a write per turn; {@code job explain} shows their queue's line as it is.
     */
    private void explainBehind(AllocationPlan plan, Function<String, Job> byId, Batch changes) {
        if (state.untold().isEmpty()) {
            return;
        }
        Map<String, AllocationPlan.Waiting> headOfQueue = new HashMap<>();
        for (AllocationPlan.Waiting waiting : plan.waiting()) {
            Job job = byId.apply(waiting.candidate());
            if (job != null && waiting.cause() != AllocationPlan.Cause.ORDER && waiting.cause() != AllocationPlan.Cause.INFEASIBLE) {
                headOfQueue.putIfAbsent(job.spec().queue(), waiting);
            }
        }
        for (Job job : List.copyOf(state.untold())) {
            AllocationPlan.Waiting head = headOfQueue.get(job.spec().queue());
            Job holder = head == null ? null : byId.apply(head.candidate());
            if (holder != null && !holder.uid().equals(job.uid())) {
                state.note(changes, job, cause(head.cause()), "behind " + holder.name() + " in queue " + job.spec().queue() + " (" + head.reason() + ")");
            }
        }
    }

    private Optional<Job> start(AllocationPlan.Start start, Function<String, Job> byId, Map<String, List<Job>> victimsOf,
                                Set<String> stoppingOn, Batch changes) {
        Job job = byId.apply(start.candidate().id());
        List<Job> victims = victimsOf.get(start.candidate().id());
        if (victims != null) {
            state.awaitVictims(job.uid(), victims.stream().map(Job::uid).toList());
            state.note(changes, current(job), WaitCause.PREEMPTING, PREEMPTING + victims.stream().map(Job::name).collect(Collectors.joining(", "))
                    + " to make room; starts once they have stopped");
            return Optional.empty();
        }
        Optional<String> busy = start.assignments().stream().map(Assignment::node).filter(stoppingOn::contains).findFirst();
        if (busy.isPresent()) {
            // The room preempted work leaves behind stays its own until it has stopped: it keeps its place in the queue.
            state.note(changes, current(job), WaitCause.ROOM_STOPPING, "fits on " + busy.get() + " once preempted work there has stopped");
            return Optional.empty();
        }
        Job scheduled = JobTransitions.schedule(job, start.assignments());
        state.stage(changes, Decision.of(scheduled), "Scheduled", "attempt " + scheduled.status().epoch() + " placed on "
                + start.assignments().stream().map(Assignment::node).distinct().toList(), Optional.empty());
        return Optional.of(scheduled);
    }

    private void explainWaiting(AllocationPlan.Waiting waiting, Job job, Batch changes) {
        if (job == null || job.phase() != JobPhase.QUEUED || waiting.cause() == AllocationPlan.Cause.ORDER) {
            return;
        }
        if (waiting.cause() == AllocationPlan.Cause.INFEASIBLE) {
            state.infeasible(job.uid(), cluster.capacity());
            // The placement pipeline says which resource or constraint rules each node out.
            String why = placement.place(cluster.current(), request(job)) instanceof PlacementOutcome.Infeasible i ? i.summary() : waiting.reason();
            state.note(changes, current(job), WaitCause.INFEASIBLE, "cannot run on this cluster: " + why);
        } else {
            state.note(changes, current(job), cause(waiting.cause()), waiting.reason());
        }
    }

    private static WaitCause cause(AllocationPlan.Cause cause) {
        return switch (cause) {
            case RESOURCES -> WaitCause.RESOURCES;
            case RESERVATION -> WaitCause.RESERVATION;
            case ADMISSION -> WaitCause.QUOTA;
            case INFEASIBLE -> WaitCause.INFEASIBLE;
            case ORDER -> throw new IllegalArgumentException("a job behind the line is not told why: its wait is the line's");
        };
    }

    /** The job as the loop holds it now (a preemption earlier in this plan may have changed it). */
    private Job current(Job job) {
        return state.live(job.uid()).orElse(job);
    }

    static PlacementRequest request(Job job) {
        return new PlacementRequest(job.qualifiedName(), job.spec().resources(), job.spec().workers(), job.spec().constraints());
    }
}
