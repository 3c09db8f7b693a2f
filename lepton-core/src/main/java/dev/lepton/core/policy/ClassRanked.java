package dev.lepton.core.policy;

import java.time.Instant;

/**
 * An optional capability of a {@link SchedulingPolicy} whose order is "by class, then first
 * submitted": the allocator then computes each candidate's class once per plan instead of in every
 * comparison of the sort.
 */
public interface ClassRanked {
    /** Lower classes come first; {@code order(now)} must equal this, then first submitted, then id. */
    long rankClass(Candidate candidate, Instant now);
}
