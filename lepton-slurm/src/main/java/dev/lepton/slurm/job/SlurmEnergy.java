package dev.lepton.slurm.job;

import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * The energy Slurm measured for a job, where an energy plugin ({@code AcctGatherEnergyType}) runs:
 * {@code sacct --format=JobID,ConsumedEnergyRaw} in joules, or {@code energy=} in a TRES string
 * ({@code cpu=4,mem=8G,energy=5400,node=1}). Slurm writes 0, nothing, or its "no value" markers when it
 * has no figure; those read as no energy.
 */
final class SlurmEnergy {
    /** Above any real figure: Slurm's NO_VAL64 and INFINITE64 markers for "unknown". */
    private static final double UNSET = 1e18;

    private SlurmEnergy() {}

    /** The job's line of {@code sacct --noheader --parsable2 --format=JobID,ConsumedEnergyRaw}. */
    static OptionalDouble consumedJoules(String sacct, SlurmJobId id) {
        return SlurmJobs.lines(sacct).stream()
                .map(line -> line.split("\\|", -1))
                .filter(fields -> fields.length == 2 && fields[0].equals(id.toString()))
                .map(fields -> joules(fields[1]))
                .reduce((first, second) -> second)
                .orElse(OptionalDouble.empty());
    }

    /** {@code energy=N} of a TRES list. */
    static OptionalDouble fromTres(String tres) {
        return Arrays.stream(tres.split(","))
                .map(String::strip)
                .filter(entry -> entry.startsWith("energy="))
                .map(entry -> joules(entry.substring("energy=".length())))
                .findFirst()
                .orElse(OptionalDouble.empty());
    }

    private static OptionalDouble joules(String text) {
        String value = text.strip();
        if (!value.matches("\\d+(\\.\\d+)?")) {
            return OptionalDouble.empty();
        }
        double joules = Double.parseDouble(value);
        return joules > 0 && joules < UNSET ? OptionalDouble.of(joules) : OptionalDouble.empty();
    }
}
