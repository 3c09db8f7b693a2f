package dev.lepton.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.api.v1.ApiJob;
import dev.lepton.client.ApiException;
import dev.lepton.core.event.AuditEntry;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** {@code DELETE /api/v1/jobs/{name}}: a job that has ended goes with everything it left; a live one is refused. */
class JobDeleteTest extends SharedServer {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void an_ended_job_goes_with_its_events_logs_files_and_keys_and_its_name_is_free_again() {
        ApiJob created = server.admin.createJob(JobsEndToEndTest.job("done", "echo hi"), false, Optional.of("key-done"));
        server.admin.waitForJob("default", "done", PATIENCE);
        assertThat(server.home.resolve("attempts").resolve(created.metadata().uid())).isDirectory();

        ApiJob deleted = server.admin.deleteJob("default", "done");

        assertThat(deleted.metadata().uid()).isEqualTo(created.metadata().uid());
        assertThat(deleted.status().phase()).isEqualTo("Succeeded");
        assertThatThrownBy(() -> server.admin.job("default", "done")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(404));
        assertThat(server.server.store().read((dev.lepton.store.Tx tx) -> tx.events().list("default", "job/done", 0, 10))).isEmpty();
        assertThat(server.home.resolve("attempts").resolve(created.metadata().uid())).doesNotExist();
        assertThat(server.server.store().read((dev.lepton.store.Tx tx) -> tx.audit().list(0, 10_000))).filteredOn(a -> a.action().equals("job.delete"))
                .extracting(AuditEntry::actor, AuditEntry::target, AuditEntry::allowed).contains(
                        org.assertj.core.groups.Tuple.tuple("admin", "job/default/done", true));

        ApiJob again = server.admin.createJob(JobsEndToEndTest.job("done", "echo again"), false, Optional.of("key-done"));
        assertThat(again.metadata().uid()).as("a new job, not the deleted one found by its old key").isNotEqualTo(created.metadata().uid());
    }

    @Test
    void a_live_job_is_refused_with_409_saying_to_cancel_it_first_and_stays() {
        server.admin.createJob(JobsEndToEndTest.job("busy", "sleep 600"), false, Optional.empty());
        Awaitility.await().atMost(PATIENCE).until(() -> server.admin.job("default", "busy").status().phase().equals("Running"));

        assertThatThrownBy(() -> server.admin.deleteJob("default", "busy")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(409);
            assertThat(e.code()).isEqualTo("FAILED_PRECONDITION");
            assertThat(e.getMessage()).isEqualTo("job default/busy is Running: cancel it first (lepton job cancel busy), "
                    + "then delete it once it has ended");
        });
        assertThat(server.admin.job("default", "busy").status().phase()).isEqualTo("Running");

        server.admin.cancelJob("default", "busy");
        server.admin.waitForJob("default", "busy", PATIENCE);
        server.admin.deleteJob("default", "busy");
        assertThat(server.server.store().read((dev.lepton.store.Tx tx) -> tx.jobs().find("default", "busy"))).isEmpty();
    }

    @Test
    void a_job_that_is_not_there_is_not_found_and_a_viewer_may_not_delete() throws Exception {
        assertThatThrownBy(() -> server.admin.deleteJob("default", "never")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(404));
        server.admin.createJob(JobsEndToEndTest.job("kept", "true"), false, Optional.empty());
        server.admin.waitForJob("default", "kept", PATIENCE);

        assertThatThrownBy(() -> server.userClient("watcher", "default", "viewer").deleteJob("default", "kept"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThat(Files.exists(server.home.resolve("attempts"))).isTrue();
        assertThat(server.admin.job("default", "kept").status().phase()).isEqualTo("Succeeded");
    }
}
