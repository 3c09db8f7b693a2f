package dev.lepton.core.execution;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.resource.Resources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything an executor needs to start one worker. {@code project} is whose work it is: an executor
 * that isolates tenants runs each project's workers under an identity of their own. {@code env} already holds the Lepton
 * environment contract ({@code LEPTON_WORKER_RANK}, {@code CUDA_VISIBLE_DEVICES}, …).
 * {@code resources} are also the worker's limits where the executor can enforce them.
 * {@code code}, when present, is the SHA-256 of a snapshot of the submitter's directory (a gzip tar,
 * which the executor finds where it is configured to): unpacked for the worker, it is where the
 * worker starts. {@code workingDir} is where it starts instead: absolute, or relative to the code
 * (to the executor's own directory for the worker when there is no code). {@code image} is the container
 * image the worker runs in, for an executor that runs images ({@link ContainerImages}). {@code stopGrace} is the
 * time between SIGTERM and SIGKILL its job asks for: an executor whose workers can be stopped by others than
 * Lepton (a node drain, an eviction) gives it to them at launch; empty, the executor's own default.
 */
public record LaunchSpec(AttemptId attempt, String project, String node, List<String> command, Map<String, String> env, Resources resources,
                         List<Integer> gpuIndices, Optional<String> workingDir, Optional<String> code, Optional<String> image,
                         Optional<Duration> stopGrace) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public LaunchSpec {
        requireNonNull(attempt, "attempt is null");
        requireNonNull(project, "project is null");
        requireNonNull(node, "node is null");
        command = List.copyOf(command);
        env = Map.copyOf(env);
        requireNonNull(resources, "resources is null");
        gpuIndices = List.copyOf(gpuIndices);
        requireNonNull(workingDir, "workingDir is null");
        requireNonNull(code, "code is null");
        requireNonNull(image, "image is null");
        requireNonNull(stopGrace, "stopGrace is null");
        if (stopGrace.filter(Duration::isNegative).isPresent()) {
            throw new IllegalArgumentException("stopGrace must be >= 0, got " + stopGrace.get());
        }
        if (code.filter(c -> !isSha256(c)).isPresent()) {
            throw new IllegalArgumentException("code must be a SHA-256 in lowercase hex: " + code.get());
        }
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command is empty");
        }
    }

    public static boolean isSha256(String text) {
        return text != null && SHA256.matcher(text).matches();
    }

    /** A worker that starts in the executor's own directory for it, with no code shipped. */
    public LaunchSpec(AttemptId attempt, String project, String node, List<String> command, Map<String, String> env, Resources resources,
                      List<Integer> gpuIndices) {
        this(attempt, project, node, command, env, resources, gpuIndices, Optional.empty(), Optional.empty());
    }

    /** A worker that runs on its node's host, in no container image. */
    public LaunchSpec(AttemptId attempt, String project, String node, List<String> command, Map<String, String> env, Resources resources,
                      List<Integer> gpuIndices, Optional<String> workingDir, Optional<String> code) {
        this(attempt, project, node, command, env, resources, gpuIndices, workingDir, code, Optional.empty());
    }

    /** A worker whose executor's own default grace stands. */
    public LaunchSpec(AttemptId attempt, String project, String node, List<String> command, Map<String, String> env, Resources resources,
                      List<Integer> gpuIndices, Optional<String> workingDir, Optional<String> code, Optional<String> image) {
        this(attempt, project, node, command, env, resources, gpuIndices, workingDir, code, image, Optional.empty());
    }
}
