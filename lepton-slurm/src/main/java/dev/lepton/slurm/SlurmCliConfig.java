package dev.lepton.slurm;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How Lepton runs Slurm's commands.
 *
 * @param commandTimeout how long one command may take before it is killed and the call fails
 *     (a hung {@code slurmctld} must not hang the server); default {@value #DEFAULT_TIMEOUT_SECONDS} s
 * @param binDirectory where {@code sbatch}, {@code squeue} and the others are, when they are not on
 *     {@code PATH} (say {@code /opt/slurm/bin}); default: found on {@code PATH}
 */
public record SlurmCliConfig(Duration commandTimeout, Optional<Path> binDirectory) {
    public static final long DEFAULT_TIMEOUT_SECONDS = 10;
    public static final SlurmCliConfig DEFAULTS = new SlurmCliConfig(Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS), Optional.empty());

    public SlurmCliConfig {
        requireNonNull(commandTimeout, "commandTimeout is null");
        requireNonNull(binDirectory, "binDirectory is null");
        if (commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("commandTimeout must be positive, got " + commandTimeout);
        }
    }

    public SlurmCliConfig withCommandTimeout(Duration timeout) {
        return new SlurmCliConfig(timeout, binDirectory);
    }

    public SlurmCliConfig withBinDirectory(Path directory) {
        return new SlurmCliConfig(commandTimeout, Optional.of(directory));
    }
}
