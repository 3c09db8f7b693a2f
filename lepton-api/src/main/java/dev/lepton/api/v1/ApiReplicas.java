package dev.lepton.api.v1;

/** How many replicas a deployment may have: {@code min} (0 scales to zero when idle) to {@code max}. */
public record ApiReplicas(Integer min, Integer max) {}
