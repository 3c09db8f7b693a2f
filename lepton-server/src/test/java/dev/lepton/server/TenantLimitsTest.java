package dev.lepton.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.api.v1.ApiArray;
import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiJobSpec;
import dev.lepton.api.v1.ApiResources;
import dev.lepton.api.v1.ObjectMeta;
import dev.lepton.client.ApiException;
import dev.lepton.client.LeptonClient;
import dev.lepton.server.limits.TenantLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slurm's {@code MaxSubmitJobs} and {@code MaxJobs} per user and per project: one editor cannot fill
 * the queues, nor take every slot, while others wait (issue 12, item 4).
 */
class TenantLimitsTest {
    @TempDir
    Path home;
    TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void a_user_past_its_submission_limit_is_refused_with_429_until_one_of_its_jobs_ends() {
        server = TestServer.start(home, config -> config.withLimits(TenantLimits.NONE.withSubmitted(3, 5)));
        LeptonClient alice = server.userClient("alice", "ml", "editor");
        LeptonClient bob = server.userClient("bob", "ml", "editor");
        for (int i = 0; i < 3; i++) {
            alice.createJob(sleeping("a" + i), false, Optional.empty());
        }

        assertThatThrownBy(() -> alice.createJob(sleeping("a3"), false, Optional.empty())).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.code()).isEqualTo("LIMIT_EXCEEDED");
            assertThat(e.getMessage()).contains("user 'alice' has 3 job(s) queued or running", "--max-submitted-jobs-per-user");
        });
        assertThatThrownBy(() -> alice.createJob(sleeping("dry"), true, Optional.empty())).as("a dry run says the same")
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(429));
        bob.createJob(sleeping("b0"), false, Optional.empty());
        assertThatThrownBy(() -> bob.createJob(array("b-array", "0-1"), false, Optional.empty())).as("an array counts each task")
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage())
                        .contains("project 'ml' has 4 job(s) queued or running and submits 2 more", "--max-submitted-jobs-per-project"));
        assertThat(server.admin.createJob(sleeping("admin-job"), false, Optional.empty()).metadata().name())
                .as("cluster admins are trusted, as by the rate limit").isEqualTo("admin-job");

        alice.cancelJob("ml", "a0");
        alice.waitForJob("ml", "a0", Duration.ofSeconds(30));

        assertThat(alice.createJob(sleeping("a3"), false, Optional.empty()).metadata().name()).isEqualTo("a3");
        assertThatThrownBy(() -> alice.createJob(sleeping("a4"), false, Optional.empty())).isInstanceOf(ApiException.class);
    }

    @Test
    void jobs_stored_before_a_restart_still_count_against_the_limit() {
        server = TestServer.start(home, config -> config.withLimits(TenantLimits.NONE.withSubmitted(2, 0)));
        LeptonClient alice = server.userClient("alice", "ml", "editor");
        String token = alice.createToken().token();
        alice.createJob(sleeping("a0"), false, Optional.empty());
        alice.createJob(sleeping("a1"), false, Optional.empty());
        server.closeForRestart();

        server = TestServer.start(home, config -> config.withLimits(TenantLimits.NONE.withSubmitted(2, 0)));
        LeptonClient again = server.client(token);

        assertThatThrownBy(() -> again.createJob(sleeping("a2"), false, Optional.empty()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(429));
    }

    @Test
    void a_user_at_its_running_limit_waits_with_job_limit_while_another_users_job_runs() {
        server = TestServer.start(home, config -> config.withLimits(TenantLimits.NONE.withRunning(1, 0)));
        LeptonClient alice = server.userClient("alice", "ml", "editor");
        LeptonClient bob = server.userClient("bob", "ml", "editor");
        alice.createJob(sleeping("first"), false, Optional.empty());
        awaitPhase(alice, "first", "Running");
        alice.createJob(sleeping("second"), false, Optional.empty());
        bob.createJob(sleeping("other"), false, Optional.empty());

        awaitPhase(bob, "other", "Running");
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            var why = alice.explainJob("ml", "second");
            assertThat(why.cause()).isEqualTo("job-limit");
            assertThat(why.summary()).contains("user 'alice' runs as many jobs at once as it may (--max-running-jobs-per-user 1)");
        });
        assertThat(alice.job("ml", "second").status().phase()).isEqualTo("Queued");

        alice.cancelJob("ml", "first");
        awaitPhase(alice, "second", "Running");
    }

    private void awaitPhase(LeptonClient client, String name, String phase) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> client.job("ml", name).status().phase().equals(phase));
    }

    private static ApiJob sleeping(String name) {
        return ApiJob.of(ObjectMeta.named(name, "ml"), new ApiJobSpec(List.of("sleep", "30"), null, null,
                new ApiResources("100m", "16Mi", null), null, null, null, null, null, null, null, null));
    }

    private static ApiJob array(String name, String indices) {
        ApiJob job = sleeping(name);
        return ApiJob.of(job.metadata(), job.spec().withWorkflow(new ApiArray(indices, null), null));
    }
}
