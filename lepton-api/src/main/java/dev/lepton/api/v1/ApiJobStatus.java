package dev.lepton.api.v1;

import java.time.Instant;
import java.util.List;

/** What is happening: phase, attempt number (epoch), failures so far, exit code and a message for people. */
public record ApiJobStatus(String phase, int attempt, int failures, Integer exitCode, String message,
                           Instant retryAt, Instant startedAt, Instant finishedAt, List<ApiWorker> workers) {}
