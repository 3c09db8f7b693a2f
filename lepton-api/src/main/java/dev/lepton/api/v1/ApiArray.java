package dev.lepton.api.v1;

/**
 * {@code spec.array}: run one task per index, as Slurm's {@code --array=0-99%8}: {@code indices}
 * ({@code 0-99}, {@code 1,3,5-7}, {@code 0-99:2}) and at most {@code parallelism} tasks at once
 * (default: all).
 */
public record ApiArray(String indices, Integer parallelism) {}
