package dev.lepton.api.v1;

import java.util.List;
import java.util.Map;

/**
 * What to run. {@code command} plus {@code args} is the argv of each worker; the server fills in
 * defaults for everything but {@code command}. {@code priorityClass} ({@code low}, {@code mid},
 * {@code high}) sets {@code priority} when that is not given. {@code code} names a snapshot of the
 * submitter's directory already uploaded to the project ({@code sha256:<64 hex>}; the CLI uploads a
 * local directory and writes this); {@code workingDir} is where each worker starts: absolute, or
 * relative to the code (to its attempt directory without code). {@code array} makes it an array of
 * tasks; {@code after} names the jobs it waits for. {@code stopGracePeriod} is the time between
 * SIGTERM and SIGKILL when its workers are stopped; {@code checkpointSignal} is sent before that
 * when it is preempted or reaches its {@code maxDuration}. {@code schedule} gives it slack to start
 * later, at a lower-carbon hour. {@code image} is the container image each worker runs in, on a server
 * whose executor runs images (Kubernetes), where it is required; elsewhere it must be left out.
 */
public record ApiJobSpec(
        List<String> command,
        List<String> args,
        Map<String, String> env,
        ApiResources resources,
        Integer workers,
        String queue,
        Integer priority,
        String priorityClass,
        ApiPreemption preemption,
        ApiRetry retry,
        String maxDuration,
        ApiPlacement placement,
        String code,
        String workingDir,
        ApiArray array,
        List<ApiDependency> after,
        String stopGracePeriod,
        ApiCheckpointSignal checkpointSignal,
        ApiSchedule schedule,
        String image) {

    /** A job without shipped code, of no array, waiting for nothing, stopped as the server says. */
    public ApiJobSpec(List<String> command, List<String> args, Map<String, String> env, ApiResources resources, Integer workers, String queue,
                      Integer priority, String priorityClass, ApiPreemption preemption, ApiRetry retry, String maxDuration, ApiPlacement placement) {
        this(command, args, env, resources, workers, queue, priority, priorityClass, preemption, retry, maxDuration, placement, null, null,
                null, null, null, null, null, null);
    }

    /** The same spec, naming another code snapshot. */
    public ApiJobSpec withCode(String value) {
        return new ApiJobSpec(command, args, env, resources, workers, queue, priority, priorityClass, preemption, retry, maxDuration, placement,
                value, workingDir, array, after, stopGracePeriod, checkpointSignal, schedule, image);
    }

    /** The same spec, starting in {@code value}. */
    public ApiJobSpec withWorkingDir(String value) {
        return new ApiJobSpec(command, args, env, resources, workers, queue, priority, priorityClass, preemption, retry, maxDuration, placement,
                code, value, array, after, stopGracePeriod, checkpointSignal, schedule, image);
    }

    /** The same spec as an array of tasks, waiting for {@code dependencies}. */
    public ApiJobSpec withWorkflow(ApiArray arrayOf, List<ApiDependency> dependencies) {
        return new ApiJobSpec(command, args, env, resources, workers, queue, priority, priorityClass, preemption, retry, maxDuration, placement,
                code, workingDir, arrayOf, dependencies, stopGracePeriod, checkpointSignal, schedule, image);
    }

    /** The same spec, stopped with this grace period and warned first with this signal. */
    public ApiJobSpec withStopping(String grace, ApiCheckpointSignal signal) {
        return new ApiJobSpec(command, args, env, resources, workers, queue, priority, priorityClass, preemption, retry, maxDuration, placement,
                code, workingDir, array, after, grace, signal, schedule, image);
    }

    /** The same spec with this schedule. */
    public ApiJobSpec withSchedule(ApiSchedule value) {
        return new ApiJobSpec(command, args, env, resources, workers, queue, priority, priorityClass, preemption, retry, maxDuration, placement,
                code, workingDir, array, after, stopGracePeriod, checkpointSignal, value, image);
    }

    /** The same spec, its workers run in this container image. */
    public ApiJobSpec withImage(String value) {
        return new ApiJobSpec(command, args, env, resources, workers, queue, priority, priorityClass, preemption, retry, maxDuration, placement,
                code, workingDir, array, after, stopGracePeriod, checkpointSignal, schedule, value);
    }
}
