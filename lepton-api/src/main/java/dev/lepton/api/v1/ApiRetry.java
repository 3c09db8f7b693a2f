package dev.lepton.api.v1;

/** Retry policy: how many retries after the first failure, and the first back-off (doubling each time). */
public record ApiRetry(Integer maxRetries, String backoff, String maxBackoff) {}
