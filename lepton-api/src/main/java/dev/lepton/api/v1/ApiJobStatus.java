package dev.lepton.api.v1;

import java.time.Instant;
import java.util.List;

/**
 * What is happening: phase, attempt number (epoch), failures so far, exit code and a message for
 * people; the array the job belongs to, where its dependencies stand, and what it cost in energy,
 * carbon and money (these three on a single job's read), and, answering a dry run, what it is expected to cost.
 */
public record ApiJobStatus(String phase, int attempt, int failures, Integer exitCode, String message,
                           Instant retryAt, Instant startedAt, Instant finishedAt, List<ApiWorker> workers,
                           ApiArrayStatus array, List<ApiDependencyStatus> dependencies, ApiEnergy energy, ApiEstimate estimate) {

    public ApiJobStatus(String phase, int attempt, int failures, Integer exitCode, String message, Instant retryAt, Instant startedAt,
                        Instant finishedAt, List<ApiWorker> workers) {
        this(phase, attempt, failures, exitCode, message, retryAt, startedAt, finishedAt, workers, null, null, null, null);
    }

    /** The same status, saying which array the job belongs to and where its dependencies stand. */
    public ApiJobStatus withWorkflow(ApiArrayStatus arrayOf, List<ApiDependencyStatus> states) {
        return new ApiJobStatus(phase, attempt, failures, exitCode, message, retryAt, startedAt, finishedAt, workers, arrayOf, states, energy, estimate);
    }

    /** The same status, with what the job cost. */
    public ApiJobStatus withEnergy(ApiEnergy value) {
        return new ApiJobStatus(phase, attempt, failures, exitCode, message, retryAt, startedAt, finishedAt, workers, array, dependencies, value,
                estimate);
    }

    /** The same status, with what a dry run expects the job to cost. */
    public ApiJobStatus withEstimate(ApiEstimate value) {
        return new ApiJobStatus(phase, attempt, failures, exitCode, message, retryAt, startedAt, finishedAt, workers, array, dependencies, energy,
                value);
    }
}
