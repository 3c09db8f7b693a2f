package dev.lepton.core.job;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.placement.Constraints;
import dev.lepton.core.resource.Resources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a user asked to run: {@code workers} copies of {@code command}, each with
 * {@code resources}, placed as a gang (all or none) on nodes its {@code constraints} allow.
 * {@code code} names the snapshot of the submitter's directory (its SHA-256) that each worker gets
 * as its directory; {@code workingDir} is where a worker starts: absolute, or relative to the code
 * (to its attempt directory when there is none).
 */
public record JobSpec(
        List<String> command,
        Map<String, String> env,
        Resources resources,
        Constraints constraints,
        int workers,
        String queue,
        int priority,
        Preemption preemption,
        RetryPolicy retry,
        Optional<Duration> maxDuration,
        Map<String, String> labels,
        Optional<String> code,
        Optional<String> workingDir) {

    public JobSpec {
        command = List.copyOf(command);
        env = Map.copyOf(env);
        requireNonNull(resources, "resources is null");
        requireNonNull(constraints, "constraints is null");
        requireNonNull(queue, "queue is null");
        requireNonNull(preemption, "preemption is null");
        requireNonNull(retry, "retry is null");
        requireNonNull(maxDuration, "maxDuration is null");
        labels = Map.copyOf(labels);
        code = code == null ? Optional.empty() : code; // stored before it existed
        workingDir = workingDir == null ? Optional.empty() : workingDir;
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command is empty");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
    }

    /** A spec without shipped code, started in each worker's attempt directory. */
    public JobSpec(List<String> command, Map<String, String> env, Resources resources, Constraints constraints, int workers, String queue,
                   int priority, Preemption preemption, RetryPolicy retry, Optional<Duration> maxDuration, Map<String, String> labels) {
        this(command, env, resources, constraints, workers, queue, priority, preemption, retry, maxDuration, labels, Optional.empty(),
                Optional.empty());
    }

    /** Everything the gang needs at once. */
    public Resources totalResources() {
        return resources.times(workers);
    }
}
