package dev.lepton.kubernetes.pod;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.LaunchSpec;
import dev.lepton.core.resource.Accelerators;
import dev.lepton.core.resource.Resources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Launch specs for tests: {@code Workers.spec(attempt, "node-a").image("python:3.12-slim").gpus(2, 4, 5).build()}. */
final class Workers {
    private Workers() {}

    static Builder spec(AttemptId attempt, String node) {
        return new Builder(attempt, node);
    }

    /** The same worker, its job asking for {@code grace} between SIGTERM and SIGKILL. */
    static LaunchSpec withStopGrace(LaunchSpec spec, Duration grace) {
        return new LaunchSpec(spec.attempt(), spec.project(), spec.node(), spec.command(), spec.env(), spec.resources(), spec.gpuIndices(),
                spec.workingDir(), spec.code(), spec.image(), Optional.of(grace));
    }

    static final class Builder {
        private final AttemptId attempt;
        private final String node;
        private String image = "busybox:1.36";
        private List<String> command = List.of("sh", "-c", "echo hello from $LEPTON_ATTEMPT_ID; sleep 3600");
        private final Map<String, String> env = new LinkedHashMap<>();
        private long cpuMillis = 500;
        private long memoryBytes = 256L << 20;
        private List<Integer> gpuIndices = List.of();
        private String resource = Accelerators.NVIDIA_GPU;
        private Optional<String> workingDir = Optional.empty();
        private Optional<String> code = Optional.empty();
        private Optional<Duration> stopGrace = Optional.empty();

        private Builder(AttemptId attempt, String node) {
            this.attempt = attempt;
            this.node = node;
            env.put("LEPTON_WORKER_RANK", Integer.toString(attempt.rank()));
            env.put("CUDA_VISIBLE_DEVICES", "");
        }

        Builder image(String value) { image = value; return this; }
        Builder command(String... value) { command = List.of(value); return this; }
        Builder env(String key, String value) { env.put(key, value); return this; }
        Builder cpuMillis(long value) { cpuMillis = value; return this; }
        Builder memoryBytes(long value) { memoryBytes = value; return this; }
        Builder workingDir(String value) { workingDir = Optional.of(value); return this; }
        Builder code(String sha256) { code = Optional.of(sha256); return this; }
        Builder stopGrace(Duration value) { stopGrace = Optional.of(value); return this; }

        /** GPUs as Lepton counted them on the node, and as the server puts them in the environment. */
        Builder gpus(Integer... indices) {
            gpuIndices = List.of(indices);
            env.put("CUDA_VISIBLE_DEVICES", String.join(",", gpuIndices.stream().map(String::valueOf).toList()));
            return this;
        }

        /** Devices of another accelerator ({@code amd.com/gpu}) instead, as Lepton counted them on the node. */
        Builder accelerators(String name, Integer... indices) {
            resource = name;
            gpuIndices = List.of(indices);
            return this;
        }

        LaunchSpec build() {
            return new LaunchSpec(attempt, "vision", node, command, env,
                    new Resources(cpuMillis, memoryBytes, Accelerators.of(resource, gpuIndices.size())),
                    new ArrayList<>(gpuIndices), workingDir, code, Optional.ofNullable(image), stopGrace);
        }
    }
}
