package dev.lepton.api.v1;

import java.util.List;
import java.util.Map;

/**
 * What to run. {@code command} plus {@code args} is the argv of each worker; the server fills in
 * defaults for everything but {@code command}. {@code priorityClass} ({@code low}, {@code mid},
 * {@code high}) sets {@code priority} when that is not given. {@code array} makes it an array of
 * tasks; {@code after} names the jobs it waits for.
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
        ApiArray array,
        List<ApiDependency> after) {

    /** A job of no array that waits for nothing. */
    public ApiJobSpec(List<String> command, List<String> args, Map<String, String> env, ApiResources resources, Integer workers, String queue,
                      Integer priority, String priorityClass, ApiPreemption preemption, ApiRetry retry, String maxDuration, ApiPlacement placement) {
        this(command, args, env, resources, workers, queue, priority, priorityClass, preemption, retry, maxDuration, placement, null, null);
    }

    /** The same spec as an array of tasks, waiting for {@code dependencies}. */
    public ApiJobSpec withWorkflow(ApiArray arrayOf, List<ApiDependency> dependencies) {
        return new ApiJobSpec(command, args, env, resources, workers, queue, priority, priorityClass, preemption, retry, maxDuration, placement,
                arrayOf, dependencies);
    }
}
