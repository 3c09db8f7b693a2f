package dev.lepton.api.v1;

import java.time.Instant;
import java.util.List;

/**
 * What workloads cost over a window, grouped {@code by} job, queue, project, user, node or day:
 * one row per key, their total, and, for a report over every project, what the nodes drew that no
 * workload carried (idle and system power, unallocated capacity's price).
 */
public record ApiEnergyReport(String by, Instant from, Instant to, List<Row> rows, ApiEnergy total, ApiEnergy unattributed) {
    public ApiEnergyReport {
        rows = List.copyOf(rows);
    }

    /** One key's footprint. */
    public record Row(String key, ApiEnergy energy) {}
}
