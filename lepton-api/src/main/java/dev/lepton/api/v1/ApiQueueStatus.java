package dev.lepton.api.v1;

import java.util.Map;

/** How many of the queue's jobs wait and run, and what its running jobs hold, by resource. */
public record ApiQueueStatus(int queued, int running, Map<String, String> usage) {}
