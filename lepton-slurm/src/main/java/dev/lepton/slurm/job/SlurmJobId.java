package dev.lepton.slurm.job;

/** A Slurm job id, as {@code sbatch --parsable} prints it and Lepton stores it with each attempt. */
public record SlurmJobId(long value) {
    public SlurmJobId {
        if (value <= 0) {
            throw new IllegalArgumentException("a Slurm job id is positive, got " + value);
        }
    }

    /** Parses {@code 1234} or {@code 1234;cluster} (what {@code sbatch --parsable} prints on a federation). */
    public static SlurmJobId parse(String text) {
        String id = text.strip().split(";", 2)[0];
        if (!id.matches("\\d{1,18}")) {
            throw new IllegalArgumentException("not a Slurm job id: '" + text.strip() + "'");
        }
        return new SlurmJobId(Long.parseLong(id));
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
