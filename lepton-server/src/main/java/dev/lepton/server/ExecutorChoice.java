package dev.lepton.server;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;

/**
 * What runs the server's workers and where its nodes come from ({@code lepton server --executor}): this
 * machine's processes ({@code local}, the default), or a Slurm partition's nodes with one batch job per
 * gang ({@code slurm}, with {@code --slurm-partition}).
 */
public record ExecutorChoice(Kind kind, Optional<String> slurmPartition) {
    public static final ExecutorChoice LOCAL = new ExecutorChoice(Kind.LOCAL, Optional.empty());

    /** The executors there are, by the name the flag takes. */
    public enum Kind {
        LOCAL, SLURM;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@code local} or {@code slurm}; anything else is refused, saying which there are. */
        public static Kind ofLabel(String label) {
            for (Kind kind : values()) {
                if (kind.label().equals(label.strip().toLowerCase(Locale.ROOT))) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("local or slurm");
        }
    }

    public ExecutorChoice {
        requireNonNull(kind, "kind is null");
        requireNonNull(slurmPartition, "slurmPartition is null");
        if (kind == Kind.SLURM && slurmPartition.filter(p -> !p.isBlank()).isEmpty()) {
            throw new IllegalArgumentException("--executor slurm: name the partition to run in with --slurm-partition PARTITION "
                    + "(sinfo lists them)");
        }
        if (kind != Kind.SLURM && slurmPartition.isPresent()) {
            throw new IllegalArgumentException("--slurm-partition: only with --executor slurm (the executor is " + kind.label() + ")");
        }
    }
}
