package dev.lepton.core.policy;

import java.util.Optional;

/**
 * The quota hook: asked before a candidate is placed, told when it is admitted or gives its room
 * back. A refusal is the candidate's waiting reason, word for word. Quotas also shape the plan in
 * three ways, each a no-op without them: the order of queues (fair sharing), which running jobs a
 * candidate may preempt (a lender reclaims what it lent; a queue that borrows less takes from one
 * that borrows more; work within its queue's quota is safe from other queues), and how far a
 * candidate that does not fit holds others back (its queue's line).
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

    /** What quotas say about preempting one running job for a candidate. */
    enum Stance {
        /** Quotas leave it to the policy. */
        POLICY,
        /** The candidate's queue lent this job's queue quota it now needs back: preemptible whatever the policy says. */
        RECLAIM,
        /**
         * Both queues borrow from their cohort, and this job's queue would still borrow as large a
         * share after losing it as the candidate's would with the candidate: preemptible whatever the
         * policy says, so that queues sharing a cohort borrow evenly (fair sharing).
         */
        REBALANCE,
        /**
         * No candidate of another queue may stop it: the job runs within its own queue's quota, or its
         * queue borrows no larger a share of their cohort than the candidate's would with the candidate.
         */
        PROTECTED
    }

    /** Why the candidate may not start now (e.g. "queue ml is at its nominal GPU quota 16"), or empty. */
    Optional<String> refuse(Candidate candidate);

    /**
     * The candidate holds its room in this plan: it starts, or a running job that {@link #released}
     * while victims were tried is taken back. Later refusals in the same plan must count it.
     */
    void admitted(Candidate candidate);

    /** The running candidate is stopped in this plan, for now or for good (preempted); its room is counted free again. */
    default void released(Candidate candidate) {}

    /**
     * Are any quotas in force? Without them the allocator may assume that whom a candidate may
     * preempt only shrinks along the policy's order.
     */
    default boolean limits() {
        return false;
    }

    /**
     * The waiting candidates in the order to consider them: the policy's order, or (fair sharing)
     * queues of a cohort interleaved so that the one using the least of its quota goes next.
     */
    default Iterable<Candidate> order(Iterable<Candidate> waitingInPolicyOrder) {
        return waitingInPolicyOrder;
    }

    /**
     * May {@code preemptor} stop {@code victim}, given the usage counted now (victims already tried are
     * {@link #released})? Asked of running jobs that allow preemption, whether or not the policy preempts.
     */
    default Stance stance(Candidate preemptor, Candidate victim) {
        return Stance.POLICY;
    }

    /**
     * The line a candidate that does not fit holds: candidates of the same line wait behind it (under
     * a strict policy), others go on. One line for all without quotas; with quotas, one per queue
     * with a quota and one shared by the queues without.
     */
    default String line(Candidate candidate) {
        return "";
    }
}
