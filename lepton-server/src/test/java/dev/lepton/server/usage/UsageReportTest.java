package dev.lepton.server.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.api.v1.ApiUsage;
import dev.lepton.core.execution.AttemptId;
import dev.lepton.store.AttemptUsage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The usage history sums the ledger over a window: only the part of each run inside it counts. */
class UsageReportTest {
    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    static AttemptUsage row(String job, int epoch, String owner, String project, int gpus, long cpuMillis, long startHour,
                            Long endHour, double cpuSeconds) {
        return new AttemptUsage(new AttemptId(job, epoch, 0), project, job, owner, "default", "n1", gpus, cpuMillis, 1L << 30,
                T0.plusSeconds(startHour * 3600), Optional.ofNullable(endHour).map(h -> T0.plusSeconds(h * 3600)), cpuSeconds, 0);
    }

    @Test
    void hours_count_only_inside_the_window_and_a_running_worker_counts_up_to_now() {
        List<AttemptUsage> ledger = List.of(
                row("a", 1, "alice", "ml", 2, 4_000, 0, 10L, 36_000),     // 10 h, half inside [5 h, 15 h)
                row("a", 2, "alice", "ml", 2, 4_000, 12, 14L, 3_600),     // 2 h inside
                row("b", 1, "bob", "ml", 1, 1_000, 14, null, 0));          // running since 14 h; now is 16 h

        ApiUsage usage = UsageReport.of(ledger, UsageReport.By.USER, T0.plusSeconds(5 * 3600), T0.plusSeconds(15 * 3600),
                T0.plusSeconds(16 * 3600));

        assertThat(usage.rows()).containsExactly(
                new ApiUsage.Row("alice", 1, 2, 2 * 5 + 2 * 2, 4 * 5 + 4 * 2, 5 + 1),
                new ApiUsage.Row("bob", 1, 1, 1, 1, 0));
    }

    @Test
    void rows_group_by_project_or_queue_and_a_run_outside_the_window_is_left_out() {
        List<AttemptUsage> ledger = List.of(row("a", 1, "alice", "ml", 1, 1_000, 0, 1L, 0), row("c", 1, "carol", "cv", 1, 1_000, 2, 3L, 0));

        ApiUsage usage = UsageReport.of(ledger, UsageReport.By.PROJECT, T0.plusSeconds(3600), T0.plusSeconds(4 * 3600), T0.plusSeconds(5 * 3600));

        assertThat(usage.by()).isEqualTo("project");
        assertThat(usage.rows()).extracting(ApiUsage.Row::key).containsExactly("cv");
    }
}
