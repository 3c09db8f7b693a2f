package dev.lepton.api.v1;

/**
 * What the autoscaler follows: {@code metric} {@code concurrency} (requests in flight, the default) or {@code rps},
 * {@code target} per replica, how long load must stay above or below before adding ({@code scaleUpDelay}) or removing
 * ({@code scaleDownDelay}) a replica, and {@code idleTimeout}, after which a deployment with {@code replicas.min: 0}
 * and no traffic goes to zero. Durations as {@code 30s}, {@code 5m}.
 */
public record ApiScaling(String metric, Double target, String scaleUpDelay, String scaleDownDelay, String idleTimeout) {}
