package dev.lepton.api.v1;

import java.time.Instant;
import java.util.List;

/**
 * What was used in [{@code from}, {@code to}), grouped {@code by} user, project or queue, as Slurm's
 * {@code sacct}/{@code sreport} answer: jobs and attempts that ran in the window, GPU-hours and
 * CPU-hours allocated (what they held, counted over the part of their run inside the window), and
 * CPU-hours used (the CPU time their processes took, in the same proportion).
 */
public record ApiUsage(String by, Instant from, Instant to, List<Row> rows) {
    public ApiUsage {
        rows = rows == null ? List.of() : List.copyOf(rows);
    }

    public record Row(String key, int jobs, int attempts, double gpuHours, double cpuHours, double cpuHoursUsed) {}
}
