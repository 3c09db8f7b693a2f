package dev.lepton.slurm;

import java.util.List;

/** Runs one Slurm command line to its end; {@link ProcessSlurmCli} on a machine, a fake in tests. */
public interface SlurmCli {
    /**
     * Runs {@code command} (its first element names the Slurm program) with {@code stdin} as its input.
     * A command that cannot be started or does not end in time throws a {@link dev.lepton.core.failure.LeptonException}
     * with {@link dev.lepton.core.failure.ErrorCode#UNAVAILABLE}; any other ending, a failure included, is an output.
     */
    CliOutput run(List<String> command, String stdin);

    default CliOutput run(String... command) {
        return run(List.of(command), "");
    }
}
