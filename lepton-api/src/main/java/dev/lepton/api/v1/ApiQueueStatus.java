package dev.lepton.api.v1;

import java.util.Map;

/**
 * How many of the queue's jobs wait and run, what its running jobs hold, and how much of that lies
 * beyond its nominal quota (borrowed from its cohort: what a lender may reclaim and fair sharing
 * evens out), by resource.
 */
public record ApiQueueStatus(int queued, int running, Map<String, String> usage, Map<String, String> borrowed) {}
