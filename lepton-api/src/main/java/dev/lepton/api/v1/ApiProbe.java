package dev.lepton.api.v1;

/**
 * A replica's HTTP probe: {@code GET path} every {@code period} (default {@code 10s}, at least {@code 1s}), failing when
 * it is not answered below 500 within {@code timeout} (default {@code 1s}); {@code failureThreshold} (default 3) failures
 * in a row take a replica out of routing (readiness) or restart it (liveness).
 */
public record ApiProbe(String path, String period, String timeout, Integer failureThreshold) {}
