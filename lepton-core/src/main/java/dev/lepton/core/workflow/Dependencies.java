package dev.lepton.core.workflow;

import dev.lepton.core.job.Dependency;
import dev.lepton.core.job.Dependency.Condition;
import dev.lepton.core.job.JobPhase;
import dev.lepton.core.workflow.DependencyState.State;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Whether a job's dependencies are met, given how each job they name stands now. {@code phaseOf}
 * answers a job's phase by uid, or empty for a job that no longer exists (deleted): that one has
 * finished, but can no longer succeed.
 */
public final class Dependencies {
    /** How the status of a job waiting for its dependencies begins. */
    public static final String WAITING_FOR_JOB = "waiting for job ";
    public static final String WAITING_FOR_ARRAY = "waiting for array ";
    /** How the status of a job failed for its dependencies begins. */
    public static final String NEVER_SATISFIED = "dependency never satisfied: ";
    /** A job that no longer exists, in a dependency's detail. */
    private static final String GONE = "deleted";

    private Dependencies() {}

    public static List<DependencyState> states(List<Dependency> after, Function<String, Optional<JobPhase>> phaseOf) {
        return after.stream().map(d -> state(d, phaseOf)).toList();
    }

    public static DependencyState state(Dependency dependency, Function<String, Optional<JobPhase>> phaseOf) {
        Map<JobPhase, Integer> phases = new EnumMap<>(JobPhase.class);
        int gone = 0;
        for (String uid : dependency.uids()) {
            Optional<JobPhase> phase = phaseOf.apply(uid);
            if (phase.isPresent()) {
                phases.merge(phase.get(), 1, Integer::sum);
            } else {
                gone++;
            }
        }
        int unfinished = phases.entrySet().stream().filter(e -> !e.getKey().isTerminal()).mapToInt(Map.Entry::getValue).sum();
        int unsuccessful = gone + phases.getOrDefault(JobPhase.FAILED, 0) + phases.getOrDefault(JobPhase.CANCELLED, 0);
        State state;
        if (dependency.condition() == Condition.SUCCEEDED && unsuccessful > 0) {
            state = State.NEVER;
        } else if (unfinished > 0) {
            state = State.WAITING;
        } else {
            state = State.MET;
        }
        return new DependencyState(dependency, state, detail(dependency, phases, gone));
    }

    /** What the dependencies let the job do now; the first that can never be met decides. */
    public static Readiness readiness(List<DependencyState> states) {
        Optional<DependencyState> never = states.stream().filter(s -> s.state() == State.NEVER).findFirst();
        if (never.isPresent()) {
            return new Readiness.Never(neverReason(never.get()));
        }
        List<String> waiting = new ArrayList<>();
        for (DependencyState s : states) {
            if (s.state() == State.WAITING) {
                waiting.add(s.dependency().target() + " to " + s.dependency().condition().verb());
            }
        }
        return waiting.isEmpty() ? new Readiness.Ready() : new Readiness.Waiting("waiting for " + String.join(" and ", waiting));
    }

    /** True for the status a job gets while it waits for its dependencies. */
    public static boolean isWaitingMessage(String message) {
        return message.startsWith(WAITING_FOR_JOB) || message.startsWith(WAITING_FOR_ARRAY);
    }

    private static String neverReason(DependencyState never) {
        Dependency d = never.dependency();
        String needed = "; this job runs only after " + (d.array() ? "all its tasks succeed" : "it succeeds");
        if (!d.array()) {
            String how = never.detail().equals(GONE) ? "no longer exists" : "ended " + never.detail();
            return NEVER_SATISFIED + "job " + d.job() + " " + how + needed;
        }
        return NEVER_SATISFIED + "array " + d.job() + " has tasks that did not succeed (" + never.detail() + ")" + needed;
    }

    /** {@code Running} for a job; {@code 20 tasks: 4 Running, 12 Queued, 4 Succeeded} for an array. */
    private static String detail(Dependency dependency, Map<JobPhase, Integer> phases, int gone) {
        if (!dependency.array()) {
            return phases.keySet().stream().findFirst().map(JobPhase::displayName).orElse(GONE);
        }
        String counts = phases.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().displayName())
                .collect(Collectors.joining(", "));
        String deleted = gone == 0 ? "" : (counts.isEmpty() ? "" : ", ") + gone + " " + GONE;
        return dependency.uids().size() + " tasks: " + counts + deleted;
    }
}
