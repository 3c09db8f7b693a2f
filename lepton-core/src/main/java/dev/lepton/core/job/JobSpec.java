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
 * {@code array}: the job is one task of an array; {@code after}: jobs that must end first.
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
        Optional<ArrayTask> array,
        List<Dependency> after) {

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
        array = array == null ? Optional.empty() : array; // stored before arrays existed
        after = after == null ? List.of() : List.copyOf(after);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command is empty");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
    }

    /** A job of no array that waits for nothing. */
    public JobSpec(List<String> command, Map<String, String> env, Resources resources, Constraints constraints, int workers, String queue,
                   int priority, Preemption preemption, RetryPolicy retry, Optional<Duration> maxDuration, Map<String, String> labels) {
        this(command, env, resources, constraints, workers, queue, priority, preemption, retry, maxDuration, labels, Optional.empty(), List.of());
    }

    /** The same spec as one task of an array, with the labels that say so. */
    public JobSpec asTask(ArrayTask task) {
        Map<String, String> tagged = new java.util.LinkedHashMap<>(labels);
        tagged.put(ArrayTask.ARRAY_LABEL, task.array());
        tagged.put(ArrayTask.INDEX_LABEL, Integer.toString(task.index()));
        return new JobSpec(command, env, resources, constraints, workers, queue, priority, preemption, retry, maxDuration, tagged,
                Optional.of(task), after);
    }

    /** The same spec waiting for these jobs. */
    public JobSpec withAfter(List<Dependency> dependencies) {
        return new JobSpec(command, env, resources, constraints, workers, queue, priority, preemption, retry, maxDuration, labels, array,
                dependencies);
    }

    /** Everything the gang needs at once. */
    public Resources totalResources() {
        return resources.times(workers);
    }
}
