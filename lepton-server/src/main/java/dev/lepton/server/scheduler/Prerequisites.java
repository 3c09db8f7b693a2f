package dev.lepton.server.scheduler;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.job.Dependency;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobPhase;
import dev.lepton.core.job.JobTransitions;
import dev.lepton.core.job.JobTransitions.Decision;
import dev.lepton.core.job.WaitCause;
import dev.lepton.core.workflow.ArraySlots;
import dev.lepton.core.workflow.Dependencies;
import dev.lepton.core.workflow.Readiness;
import dev.lepton.store.Store;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What must hold before a queued job is offered to placement, beyond room and quota: the jobs it
 * depends on have ended as it asks ({@code after}), and its array has a free slot
 * ({@code parallelism}). A job whose dependency can never be met fails at once, and so, in turn, do
 * the jobs that depend on it. Owned by the loop's thread.
 *
 * <p>Dependencies are judged from the loop's own view: a live job's phase, or how a job ended, learnt
 * as it ends ({@link #seen}). Only a job the loop has not seen end (it ended before a restart, or
 * before the job that names it was submitted) is looked up in the store, once; outcomes no queued
 * job names any more are forgotten.
 */
final class Prerequisites {
    private final Store store;
    /** How jobs ended that queued jobs may depend on; empty: the job is no longer stored. */
    private final Map<String, Optional<JobPhase>> ended = new HashMap<>();

    Prerequisites(Store store) {
        this.store = requireNonNull(store, "store is null");
    }

    /** A job as stored by the loop: if it has ended, a queued job may be waiting to hear how. */
    void seen(Job job) {
        if (job.phase().isTerminal()) {
            ended.put(job.uid(), Optional.of(job.phase()));
        }
    }

    /**
     * Stages what dependencies and array slots decide this turn (waiting reasons; failures of jobs
     * whose dependencies can never be met) and returns the queued jobs that are not to be offered to
     * placement. {@code eligible}: the job could be placed, were it not for these rules.
     */
    Set<String> holdBack(LoopState state, Batch changes, Instant now, Predicate<Job> eligible) {
        Set<String> held = new HashSet<>();
        while (judgeDependencies(state, changes, now, eligible, held)) {
            // A job failed for its dependencies: the jobs that depend on it are judged again.
        }
        Map<String, String> slots = ArraySlots.held(state.holding(), state.queuedWithPrerequisites(),
                job -> !held.contains(job.uid()) && (eligible.test(job) || state.awaitsVictims(job.uid())));
        held.addAll(slots.keySet());
        for (Job job : List.copyOf(state.queuedWithPrerequisites())) {
            String slot = slots.get(job.uid());
            if (slot != null) {
                state.note(changes, job, WaitCause.ARRAY_SLOT, slot);
            } else if (!held.contains(job.uid()) && isHeld(job)) {
                // No longer held: it waits in its queue like any other job until placement says more.
                state.note(changes, job, WaitCause.QUEUED, "waiting in queue " + job.spec().queue());
            }
        }
        forgetUnnamed(state);
        return held;
    }

    /** Judges every queued job with dependencies once; true if one failed (its dependents must be judged again). */
    private boolean judgeDependencies(LoopState state, Batch changes, Instant now, Predicate<Job> eligible, Set<String> held) {
        List<Job> dependents = state.queuedWithPrerequisites().stream().filter(job -> !job.spec().after().isEmpty()).toList();
        Map<String, JobPhase> unseen = lookUp(dependents, state);
        boolean failed = false;
        for (Job job : dependents) {
            Readiness readiness = Dependencies.readiness(Dependencies.states(job.spec().after(), uid -> phaseOf(uid, state, unseen)));
            switch (readiness) {
                case Readiness.Ready ready -> held.remove(job.uid());
                case Readiness.Waiting waiting -> {
                    held.add(job.uid());
                    if (eligible.test(job)) {
                        // A job that cannot run on this cluster keeps saying so: that is the news.
                        state.note(changes, job, WaitCause.DEPENDENCIES, waiting.reason());
                    }
                }
                case Readiness.Never never -> {
                    Job failedJob = JobTransitions.dependencyNeverSatisfied(job, never.reason(), now);
                    state.stage(changes, Decision.of(failedJob), "DependencyNeverSatisfied", "a job it depends on ended the wrong way",
                            Optional.empty());
                    ended.put(job.uid(), Optional.of(JobPhase.FAILED));
                    held.remove(job.uid());
                    failed = true;
                }
            }
        }
        return failed;
    }

    private Optional<JobPhase> phaseOf(String uid, LoopState state, Map<String, JobPhase> unseen) {
        Optional<Job> live = state.live(uid);
        if (live.isPresent()) {
            return Optional.of(live.get().phase());
        }
        Optional<JobPhase> end = ended.get(uid);
        return end != null ? end : Optional.of(unseen.getOrDefault(uid, JobPhase.PENDING));
    }

    /**
     * Reads, in one transaction, the jobs named as dependencies that the loop neither holds nor has
     * seen end; returns those still live that the loop has not heard of yet (their submission is on
     * its way to the loop).
     */
    private Map<String, JobPhase> lookUp(List<Job> dependents, LoopState state) {
        Set<String> unknown = new LinkedHashSet<>();
        for (Job job : dependents) {
            for (Dependency dependency : job.spec().after()) {
                dependency.uids().stream().filter(uid -> !ended.containsKey(uid) && state.live(uid).isEmpty()).forEach(unknown::add);
            }
        }
        if (unknown.isEmpty()) {
            return Map.of();
        }
        Map<String, Optional<Job>> found = store.read(tx -> {
            Map<String, Optional<Job>> jobs = new HashMap<>();
            unknown.forEach(uid -> jobs.put(uid, tx.jobs().findByUid(uid)));
            return jobs;
        });
        Map<String, JobPhase> unseen = new HashMap<>();
        found.forEach((uid, job) -> {
            if (job.isEmpty() || job.get().phase().isTerminal()) {
                ended.put(uid, job.map(Job::phase));
            } else {
                unseen.put(uid, job.get().phase());
            }
        });
        return unseen;
    }

    private void forgetUnnamed(LoopState state) {
        if (ended.isEmpty()) {
            return;
        }
        Set<String> named = new HashSet<>();
        for (Job job : state.queuedWithPrerequisites()) {
            job.spec().after().forEach(d -> named.addAll(d.uids()));
        }
        ended.keySet().retainAll(named);
    }

    /** Was the job last held back by these rules? */
    static boolean isHeld(Job job) {
        return job.status().waitCause().filter(c -> c == WaitCause.DEPENDENCIES || c == WaitCause.ARRAY_SLOT).isPresent();
    }
}
