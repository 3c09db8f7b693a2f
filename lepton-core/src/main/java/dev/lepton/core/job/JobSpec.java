package dev.lepton.core.job;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.execution.StopPlan;
import dev.lepton.core.placement.Constraints;
import dev.lepton.core.resource.Resources;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a user asked to run: {@code workers} copies of {@code command}, each with
 * {@code resources}, placed as a gang (all or none) on nodes its {@code constraints} allow.
 * {@code code} names the snapshot of the submitter's directory (its SHA-256) that each worker gets
 * as its directory; {@code workingDir} is where a worker starts: absolute, or relative to the code
 * (to its attempt directory when there is none). {@code array}: the job is one task of an array;
 * {@code after}: jobs that must end first. {@code stopGracePeriod} is how long its workers have
 * between SIGTERM and SIGKILL (the server's default when empty); {@code checkpointSignal} is sent
 * that long before SIGTERM when the job is preempted or reaches its {@code maxDuration}, so that it
 * can save its state. {@code schedule}: how long it expects to run and how late it may start, so that
 * the scheduler may defer it to a lower-carbon hour. {@code image}: the container image each worker runs
 * in, for an executor that runs images ({@link dev.lepton.core.execution.ContainerImages}); empty for one
 * that runs commands on its nodes' hosts.
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
        Optional<String> workingDir,
        Optional<ArrayTask> array,
        List<Dependency> after,
        Optional<Duration> stopGracePeriod,
        Optional<StopPlan.Warning> checkpointSignal,
        Optional<JobSchedule> schedule,
        Optional<String> image) {

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
        // Specs stored before a field existed read it as null.
        code = code == null ? Optional.empty() : code;
        workingDir = workingDir == null ? Optional.empty() : workingDir;
        array = array == null ? Optional.empty() : array;
        after = after == null ? List.of() : List.copyOf(after);
        stopGracePeriod = stopGracePeriod == null ? Optional.empty() : stopGracePeriod;
        checkpointSignal = checkpointSignal == null ? Optional.empty() : checkpointSignal;
        schedule = schedule == null ? Optional.empty() : schedule;
        image = image == null ? Optional.empty() : image;
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command is empty");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
    }

    /** A spec without shipped code, started in each worker's attempt directory, of no array, waiting for nothing, stopped as the server says. */
    public JobSpec(List<String> command, Map<String, String> env, Resources resources, Constraints constraints, int workers, String queue,
                   int priority, Preemption preemption, RetryPolicy retry, Optional<Duration> maxDuration, Map<String, String> labels) {
        this(command, env, resources, constraints, workers, queue, priority, preemption, retry, maxDuration, labels, Optional.empty(),
                Optional.empty(), Optional.empty(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The same spec as one task of an array, with the labels that say so. */
    public JobSpec asTask(ArrayTask task) {
        Map<String, String> tagged = new LinkedHashMap<>(labels);
        tagged.put(ArrayTask.ARRAY_LABEL, task.array());
        tagged.put(ArrayTask.INDEX_LABEL, Integer.toString(task.index()));
        return new JobSpec(command, env, resources, constraints, workers, queue, priority, preemption, retry, maxDuration, tagged, code,
                workingDir, Optional.of(task), after, stopGracePeriod, checkpointSignal, schedule, image);
    }

    /** The same spec waiting for these jobs. */
    public JobSpec withAfter(List<Dependency> dependencies) {
        return new JobSpec(command, env, resources, constraints, workers, queue, priority, preemption, retry, maxDuration, labels, code,
                workingDir, array, dependencies, stopGracePeriod, checkpointSignal, schedule, image);
    }

    /** The same spec, stopped with this grace and, before preemption or its time limit, this warning. */
    public JobSpec withStopping(Optional<Duration> grace, Optional<StopPlan.Warning> checkpoint) {
        return new JobSpec(command, env, resources, constraints, workers, queue, priority, preemption, retry, maxDuration, labels, code,
                workingDir, array, after, grace, checkpoint, schedule, image);
    }

    /** The same spec with this {@code spec.schedule}. */
    public JobSpec withSchedule(Optional<JobSchedule> value) {
        return new JobSpec(command, env, resources, constraints, workers, queue, priority, preemption, retry, maxDuration, labels, code,
                workingDir, array, after, stopGracePeriod, checkpointSignal, value, image);
    }

    /** The same spec, its workers run in this container image. */
    public JobSpec withImage(Optional<String> value) {
        return new JobSpec(command, env, resources, constraints, workers, queue, priority, preemption, retry, maxDuration, labels, code,
                workingDir, array, after, stopGracePeriod, checkpointSignal, schedule, value);
    }

    /** How to stop its workers for {@code reason}: the warning only for preemption and the time limit, which it can plan for. */
    public StopPlan stopPlan(StopReason reason, Duration serverGrace) {
        boolean warned = reason == StopReason.PREEMPTED || reason == StopReason.TIMED_OUT;
        return new StopPlan(warned ? checkpointSignal : Optional.empty(), stopGrace(serverGrace));
    }

    /** Its workers' time between SIGTERM and SIGKILL, whatever stops them: its own, else the server's. */
    public Duration stopGrace(Duration serverGrace) {
        return stopGracePeriod.orElse(serverGrace);
    }

    /** Everything the gang needs at once. */
    public Resources totalResources() {
        return resources.times(workers);
    }
}
