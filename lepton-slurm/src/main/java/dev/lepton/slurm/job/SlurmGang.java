package dev.lepton.slurm.job;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A placed gang to start as one batch job.
 *
 * @param name the Slurm job name: one per attempt, so that the job can be found by it when its id was not kept
 * @param partition where to submit
 * @param layout the nodes Lepton placed the tasks on and how many on each
 * @param perTask what each task gets
 * @param command what each task runs (its rank in {@code LEPTON_WORKER_RANK})
 * @param env each task's environment on top of the user's login environment on the node; Slurm's own
 *     {@code SLURM_*} variables come with it. {@code CUDA_VISIBLE_DEVICES} is left to Slurm when the
 *     tasks have GPUs, since Slurm chose which
 * @param directory where the job's logs and records go ({@link GangFiles}); absolute, and the same path
 *     on the nodes as here (a shared file system, or one node)
 * @param workingDirectory where the tasks start; default {@code directory}
 * @param timeLimit the longest the job may run before Slurm ends it ({@code TIMEOUT}); default the partition's
 */
public record SlurmGang(String name, String partition, GangLayout layout, TaskResources perTask, List<String> command,
                        Map<String, String> env, Path directory, Optional<Path> workingDirectory, Optional<Duration> timeLimit) {
    public SlurmGang {
        requireNonNull(name, "name is null");
        requireNonNull(partition, "partition is null");
        requireNonNull(layout, "layout is null");
        requireNonNull(perTask, "perTask is null");
        command = List.copyOf(command);
        env = Map.copyOf(env);
        requireNonNull(directory, "directory is null");
        requireNonNull(workingDirectory, "workingDirectory is null");
        requireNonNull(timeLimit, "timeLimit is null");
        if (!name.matches("[A-Za-z0-9._-]{1,128}")) {
            throw new IllegalArgumentException("a Slurm job name here is 1-128 letters, digits, '.', '_' or '-', got '" + name + "'");
        }
        if (!partition.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("not a Slurm partition name: '" + partition + "'");
        }
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command is empty");
        }
        for (Map.Entry<String, String> variable : env.entrySet()) {
            if (!variable.getKey().matches("[A-Za-z_][A-Za-z0-9_]*") || variable.getValue().indexOf('\0') >= 0) {
                throw new IllegalArgumentException("env: not a variable a shell can export: '" + variable.getKey() + "'");
            }
        }
        if (!directory.isAbsolute() || workingDirectory.filter(dir -> !dir.isAbsolute()).isPresent()) {
            throw new IllegalArgumentException("directory and workingDirectory must be absolute (the nodes resolve them), got "
                    + directory + " and " + workingDirectory.map(Path::toString).orElse("none"));
        }
        if (timeLimit.filter(limit -> limit.isNegative() || limit.isZero()).isPresent()) {
            throw new IllegalArgumentException("timeLimit must be positive, got " + timeLimit.get());
        }
    }

    public GangFiles files() {
        return new GangFiles(directory);
    }
}
