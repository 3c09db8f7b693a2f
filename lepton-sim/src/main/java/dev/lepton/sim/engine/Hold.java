package dev.lepton.sim.engine;

import dev.lepton.sim.trace.TraceJob;

/**
 * Decides, when a job arrives, from when it may be offered to the allocator: a job held until later is
 * not queued (nor counted as waiting by the policy) before then. Carbon-aware deferral is one.
 */
@FunctionalInterface
public interface Hold {
    /** Queue every job on arrival. */
    Hold NONE = (job, arrivalMillis) -> arrivalMillis;

    /** When {@code job}, arriving at {@code arrivalMillis}, joins the queue; at least {@code arrivalMillis}. */
    long releaseAt(TraceJob job, long arrivalMillis);
}
