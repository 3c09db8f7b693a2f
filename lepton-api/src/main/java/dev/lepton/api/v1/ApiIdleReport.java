package dev.lepton.api.v1;

import java.time.Instant;
import java.util.List;

/**
 * Power advice: workers holding resources they do not use (under {@code threshold} of their GPUs,
 * or CPUs when they hold no GPU, for at least {@code window}), what each cost since it went idle,
 * and what stopping it would save an hour.
 */
public record ApiIdleReport(Instant at, double threshold, String window, List<Row> workers, double savingKwhPerHour,
                            double savingDollarsPerHour) {
    public ApiIdleReport {
        workers = List.copyOf(workers);
    }

    public record Row(String project, String job, int worker, String node, String resource, String holds, double utilisation, Instant idleSince,
                      double wastedKwh, double wastedDollars, double savingKwhPerHour, double savingDollarsPerHour) {}
}
