package dev.lepton.core.serving;

/** What a deployment scales on, per replica: requests in flight at once, or requests answered per second. */
public enum ScalingMetric {
    CONCURRENCY,
    RPS
}
