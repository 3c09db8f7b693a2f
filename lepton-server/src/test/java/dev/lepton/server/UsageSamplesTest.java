package dev.lepton.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiJobSpec;
import dev.lepton.api.v1.ObjectMeta;
import dev.lepton.core.execution.AttemptId;
import dev.lepton.store.AttemptUsage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Usage samples are live figures, not job state: a running job shows its CPU time as it grows,
 * its stored version does not move for samples, and the usage ledger records the worker.
 */
class UsageSamplesTest extends SharedServer {
    @Test
    void a_running_jobs_cpu_time_grows_in_the_api_while_its_stored_version_stays_put() {
        server.admin.createJob(ApiJob.of(ObjectMeta.named("burner", null), new ApiJobSpec(
                List.of("sh", "-c", "i=0; while [ $i -lt 3000000 ]; do i=$((i+1)); done; sleep 60"), null, null, null, null, null,
                null, null, null, null, null, null)), false, Optional.empty());
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> server.admin.job("default", "burner").status().phase().equals("Running"));
        long running = server.admin.job("default", "burner").metadata().resourceVersion();

        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> server.admin.job("default", "burner").status().workers().getFirst().cpuSeconds() >= 1.0);

        ApiJob sampled = server.admin.job("default", "burner");
        assertThat(sampled.metadata().resourceVersion()).as("samples are not written as job state").isEqualTo(running);
        assertThat(sampled.status().workers().getFirst().peakMemoryBytes()).isPositive();
        AttemptUsage ledger = server.server.store().read(tx -> tx.usage().find(new AttemptId(sampled.metadata().uid(), 1, 0)))
                .orElseThrow();
        assertThat(ledger.owner()).isEqualTo("admin");
        assertThat(ledger.endedAt()).isEmpty();

        server.admin.cancelJob("default", "burner");
        server.admin.waitForJob("default", "burner", Duration.ofSeconds(30));
        AttemptUsage ended = server.server.store().read(tx -> tx.usage().find(new AttemptId(sampled.metadata().uid(), 1, 0)))
                .orElseThrow();
        assertThat(ended.endedAt()).isPresent();
        assertThat(ended.cpuSeconds()).isGreaterThanOrEqualTo(1.0);
    }
}
