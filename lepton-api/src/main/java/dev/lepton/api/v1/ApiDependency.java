package dev.lepton.api.v1;

/**
 * {@code spec.after[i]}: start only after {@code job} (a job or an array of this project) has ended
 * as {@code condition} says: {@code succeeded} (the default; Slurm's afterok) or {@code finished}
 * (afterany).
 */
public record ApiDependency(String job, String condition) {}
