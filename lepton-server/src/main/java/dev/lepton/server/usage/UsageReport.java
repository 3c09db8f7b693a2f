package dev.lepton.server.usage;

import dev.lepton.api.v1.ApiUsage;
import dev.lepton.store.AttemptUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Sums the usage ledger over a window, by user, project or queue. A worker's hours count only for
 * the part of its run inside the window; one still running counts up to {@code now}. CPU time used
 * is shared out in the same proportion, since the ledger knows its total, not when it was taken.
 */
public final class UsageReport {
    /** How rows may be grouped, with the ledger's field each reads. */
    public enum By {
        USER(AttemptUsage::owner), PROJECT(AttemptUsage::project), QUEUE(AttemptUsage::queue);

        private final Function<AttemptUsage, String> key;

        By(Function<AttemptUsage, String> key) {
            this.key = key;
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static By parse(String text) {
            for (By by : values()) {
                if (by.wireName().equals(text)) {
                    return by;
                }
            }
            throw new IllegalArgumentException("must be user, project or queue");
        }
    }

    private UsageReport() {}

    public static ApiUsage of(List<AttemptUsage> ledger, By by, Instant from, Instant to, Instant now) {
        Map<String, Totals> totals = new TreeMap<>();
        for (AttemptUsage row : ledger) {
            Instant end = row.endedAt().orElse(now);
            Instant start = row.startedAt().isAfter(from) ? row.startedAt() : from;
            Instant stop = end.isBefore(to) ? end : to;
            if (!stop.isAfter(start)) {
                continue;
            }
            double hours = Duration.between(start, stop).toMillis() / 3_600_000.0;
            long ran = Duration.between(row.startedAt(), end).toMillis();
            double inWindow = ran <= 0 ? 1 : Math.min(1, Duration.between(start, stop).toMillis() / (double) ran);
            Totals t = totals.computeIfAbsent(by.key.apply(row).isEmpty() ? "-" : by.key.apply(row), k -> new Totals());
            t.jobs.add(row.attempt().jobUid());
            t.attempts.add(row.attempt().jobUid() + "." + row.attempt().epoch());
            t.gpuHours += row.gpus() * hours;
            t.cpuHours += row.cpuMillis() / 1000.0 * hours;
            t.cpuHoursUsed += row.cpuSeconds() * inWindow / 3600;
        }
        List<ApiUsage.Row> rows = new ArrayList<>();
        totals.forEach((key, t) -> rows.add(new ApiUsage.Row(key, t.jobs.size(), t.attempts.size(), round(t.gpuHours), round(t.cpuHours),
                round(t.cpuHoursUsed))));
        return new ApiUsage(by.wireName(), from, to, rows);
    }

    private static double round(double hours) {
        return Math.round(hours * 10_000) / 10_000.0;
    }

    private static final class Totals {
        final Set<String> jobs = new HashSet<>();
        final Set<String> attempts = new HashSet<>();
        double gpuHours;
        double cpuHours;
        double cpuHoursUsed;
    }
}
