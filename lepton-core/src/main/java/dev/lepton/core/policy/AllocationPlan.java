package dev.lepton.core.policy;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.placement.Assignment;
import java.util.List;
import java.util.Optional;

/**
 * What one allocation decided: jobs to start (with their placement), running jobs to preempt, and
 * why the examined candidates wait. Candidates in none of the lists were not examined: they wait
 * behind {@link #stoppedAt()}.
 */
public record AllocationPlan(List<Start> starts, List<Preemption> preemptions, List<Waiting> waiting, Optional<String> stoppedAt) {
    public AllocationPlan {
        starts = List.copyOf(starts);
        preemptions = List.copyOf(preemptions);
        waiting = List.copyOf(waiting);
        requireNonNull(stoppedAt, "stoppedAt is null");
    }

    public boolean isEmpty() {
        return starts.isEmpty() && preemptions.isEmpty();
    }

    /** Start {@code candidate} on these assignments (one per worker; more workers than asked if it was re-cut). */
    public record Start(Candidate candidate, List<Assignment> assignments) {
        public Start {
            requireNonNull(candidate, "candidate is null");
            assignments = List.copyOf(assignments);
            if (assignments.isEmpty()) {
                throw new IllegalArgumentException("start of " + candidate.id() + " has no assignments");
            }
        }
    }

    /** Stop {@code victim} so that {@code beneficiary} fits; the victim goes back to waiting and keeps its progress. */
    public record Preemption(Candidate victim, String beneficiary, String reason) {
        public Preemption {
            requireNonNull(victim, "victim is null");
            requireNonNull(beneficiary, "beneficiary is null");
            requireNonNull(reason, "reason is null");
        }
    }

    /** Why a candidate does not start in this plan. */
    public record Waiting(String candidate, Cause cause, String reason) {
        public Waiting {
            requireNonNull(candidate, "candidate is null");
            requireNonNull(cause, "cause is null");
            requireNonNull(reason, "reason is null");
        }
    }

    public enum Cause {
        /** Fits the cluster, not what is free now (and preemption would not help or is not allowed). */
        RESOURCES,
        /** Behind a candidate that holds the line (strict order). */
        ORDER,
        /** Would delay the EASY reservation of the candidate ahead. */
        RESERVATION,
        /** Refused by admission (quota). */
        ADMISSION,
        /** Can never run on this cluster as it is. */
        INFEASIBLE
    }
}
