package dev.lepton.core.policy;

import java.util.NavigableMap;

/**
 * Waiting candidates in the policy's order (for {@link Allocator#allocateInOrder}) that also know how
 * many of them need each number of GPUs. A plan that records no reasons stops reading once none of
 * the candidates left could start: a long queue behind a full cluster costs nothing, whatever the
 * policy.
 */
public interface WaitingLine extends Iterable<Candidate> {
    /** How many waiting candidates need each number of GPUs (over all their workers); read once per plan. */
    NavigableMap<Integer, Integer> countByGpus();
}
