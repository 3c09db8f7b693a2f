package dev.lepton.slurm.node;

import static java.util.Objects.requireNonNull;

import dev.lepton.slurm.KeyValueLine;
import dev.lepton.slurm.SlurmTime;
import java.time.Duration;
import java.util.Optional;

/**
 * A partition as {@code scontrol show partition -o} describes it: its state ({@code UP}, {@code DOWN},
 * {@code DRAIN}, {@code INACTIVE}), its nodes as a Slurm host list ({@code gpu[01-04],cpu01}), and
 * the longest a job may run in it (empty: unlimited).
 */
public record SlurmPartition(String name, String state, String nodes, boolean isDefault, Optional<Duration> maxTime) {
    public SlurmPartition {
        requireNonNull(name, "name is null");
        requireNonNull(state, "state is null");
        requireNonNull(nodes, "nodes is null");
        requireNonNull(maxTime, "maxTime is null");
    }

    public static SlurmPartition parse(String line) {
        KeyValueLine partition = KeyValueLine.parse(line);
        return new SlurmPartition(partition.required("PartitionName"), partition.value("State").orElse("UNKNOWN"),
                partition.value("Nodes").orElse(""), partition.value("Default").filter("YES"::equals).isPresent(),
                SlurmTime.duration(partition.value("MaxTime").orElse("UNLIMITED")));
    }

    /** Slurm starts jobs of this partition (a DOWN partition queues them, DRAIN and INACTIVE refuse them). */
    public boolean isUp() {
        return state.equals("UP");
    }
}
