package dev.lepton.core.execution;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.resource.Resources;
import java.util.List;
import java.util.Map;

/**
 * Everything an executor needs to start one worker. {@code env} already holds the Lepton
 * environment contract ({@code LEPTON_WORKER_RANK}, {@code CUDA_VISIBLE_DEVICES}, …).
 */
public record LaunchSpec(AttemptId attempt, String node, List<String> command, Map<String, String> env, Resources resources, List<Integer> gpuIndices) {
    public LaunchSpec {
        requireNonNull(attempt, "attempt is null");
        requireNonNull(node, "node is null");
        command = List.copyOf(command);
        env = Map.copyOf(env);
        requireNonNull(resources, "resources is null");
        gpuIndices = List.copyOf(gpuIndices);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command is empty");
        }
    }
}
