package dev.lepton.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiJobSpec;
import dev.lepton.api.v1.ApiResources;
import dev.lepton.api.v1.ApiUsage;
import dev.lepton.api.v1.ObjectMeta;
import dev.lepton.client.ApiException;
import dev.lepton.client.LeptonClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/usage}: what each user and project used, summed from the usage ledger of real runs. */
class UsageHistoryTest extends SharedServer {
    static ApiJob job(String name, String project) {
        return ApiJob.of(ObjectMeta.named(name, project), new ApiJobSpec(List.of("sh", "-c", "sleep 1"), null, null,
                new ApiResources("1", "64MiB", null), null, null, null, null, null, null, null, null));
    }

    @Test
    void each_user_of_a_project_sees_the_jobs_and_hours_they_ran_and_another_project_sees_none_of_it() {
        LeptonClient dana = server.userClient("dana", "usage-a", "editor");
        server.admin.createJob(job("by-admin", "usage-a"), false, Optional.empty());
        dana.createJob(job("by-dana", "usage-a"), false, Optional.empty());
        server.admin.waitForJob("usage-a", "by-admin", Duration.ofSeconds(30));
        server.admin.waitForJob("usage-a", "by-dana", Duration.ofSeconds(30));

        ApiUsage byUser = dana.usage(Optional.of("usage-a"), "user", Optional.of("1h"), Optional.empty());

        assertThat(byUser.rows()).extracting(ApiUsage.Row::key).containsExactly("admin", "dana");
        assertThat(byUser.rows()).allSatisfy(row -> {
            assertThat(row.jobs()).isEqualTo(1);
            assertThat(row.cpuHours()).as("1 CPU for about a second").isBetween(0.0002, 0.01);
            assertThat(row.gpuHours()).isZero();
        });
        assertThat(dana.usage(Optional.of("usage-a"), "project", Optional.empty(), Optional.empty()).rows())
                .singleElement().satisfies(row -> assertThat(row.jobs()).isEqualTo(2));
        LeptonClient erin = server.userClient("erin", "usage-b", "viewer");
        assertThat(erin.usage(Optional.of("usage-b"), "user", Optional.empty(), Optional.empty()).rows()).isEmpty();
        assertThatThrownBy(() -> erin.usage(Optional.empty(), "user", Optional.empty(), Optional.empty()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));
    }

    @Test
    void a_bad_grouping_or_window_is_refused_naming_the_parameter() {
        assertThatThrownBy(() -> server.admin.usage(Optional.of("default"), "team", Optional.empty(), Optional.empty()))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("by: must be user, project or queue (got 'team')");
                });
        assertThatThrownBy(() -> server.admin.usage(Optional.of("default"), "user", Optional.of("yesterday"), Optional.empty()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).contains("from: write an instant"));
        assertThatThrownBy(() -> server.admin.usage(Optional.of("default"), "user", Optional.of("2026-12-02"), Optional.of("2026-12-01")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).contains("from: must be before to"));
    }
}
