package dev.lepton.api.v1;

import java.util.List;
import java.util.Map;

/**
 * What to run. {@code command} plus {@code args} is the argv of each worker; the server fills in
 * defaults for everything but {@code command}. {@code priorityClass} ({@code low}, {@code mid},
 * {@code high}) sets {@code priority} when that is not given. {@code code} names a snapshot of the
 * submitter's directory already uploaded to the project ({@code sha256:<64 hex>}; the CLI uploads a
 * local directory and writes this); {@code workingDir} is where each worker starts: absolute, or
 * relative to the code (to its attempt directory without code).
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
        String workingDir) {

    public ApiJobSpec(List<String> command, List<String> args, Map<String, String> env, ApiResources resources, Integer workers, String queue,
                      Integer priority, String priorityClass, ApiPreemption preemption, ApiRetry retry, String maxDuration, ApiPlacement placement) {
        this(command, args, env, resources, workers, queue, priority, priorityClass, preemption, retry, maxDuration, placement, null, null);
    }

    /** The same spec, naming another code snapshot. */
    public ApiJobSpec withCode(String value) {
        return new ApiJobSpec(command, args, env, resources, workers, queue, priority, priorityClass, preemption, retry, maxDuration, placement,
                value, workingDir);
    }
}
