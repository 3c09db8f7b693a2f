package dev.lepton.core.policy;

import java.util.Optional;

/**
 * The quota hook: asked before a candidate is placed, told when it is admitted or gives its room
 * back. A refusal is the candidate's waiting reason, word for word.
 */
public interface Admission {
    /** Admits everything: no quotas. */
    Admission NONE = new Admission() {
        @Override
        public Optional<String> refuse(Candidate candidate) {
            return Optional.empty();
        }

        @Override
        public void admitted(Candidate candidate) {}
    };

    /** Why the candidate may not start now (e.g. "queue ml is at its nominal GPU quota 16"), or empty. */
    Optional<String> refuse(Candidate candidate);

    /** The candidate starts in this plan; later refusals in the same plan must count it. */
    void admitted(Candidate candidate);

    /** The running candidate is preempted in this plan; its room may be counted free again. */
    default void released(Candidate candidate) {}
}
