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
        Map<String, String> labels) {

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
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command is empty");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
    }

    /** Everything the gang needs at once. */
    public Resources totalResources() {
        return resources.times(workers);
    }
}
