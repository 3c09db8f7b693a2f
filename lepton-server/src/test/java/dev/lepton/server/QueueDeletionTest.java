package dev.lepton.server;

import static dev.lepton.server.QueueQuotaTest.cohort;
import static dev.lepton.server.QueueQuotaTest.queue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiJobSpec;
import dev.lepton.api.v1.ObjectMeta;
import dev.lepton.client.ApiException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An operator deletes queues and cohorts that nothing depends on any more; anything else is a 409 that says what to do. */
class QueueDeletionTest extends SharedServer {
    @Test
    void a_queue_that_still_holds_a_live_job_is_kept_and_says_which_then_goes_once_the_job_has_ended() {
        server.admin.applyQueue(queue("scratch", null, Map.of("cpu", "1"), null), false);
        server.admin.createJob(ApiJob.of(ObjectMeta.named("long", null), new ApiJobSpec(List.of("sleep", "60"), null, null, null, null,
                "scratch", null, null, null, null, null, null)), false, Optional.empty());

        assertThatThrownBy(() -> server.admin.deleteQueue("scratch")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(409);
            assertThat(e.getMessage()).contains("queue scratch still holds live jobs (default/long); cancel them or let them finish");
        });
        assertThat(server.admin.queue("scratch").metadata().name()).isEqualTo("scratch");

        server.admin.cancelJob("default", "long");
        server.admin.waitForJob("default", "long", Duration.ofSeconds(30));
        assertThat(server.admin.deleteQueue("scratch").metadata().name()).isEqualTo("scratch");

        assertThat(server.admin.queues()).extracting(q -> q.metadata().name()).doesNotContain("scratch");
        assertThat(server.admin.job("default", "long").spec().queue()).as("history keeps the name").isEqualTo("scratch");
        assertThatThrownBy(() -> server.admin.deleteQueue("scratch")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void a_job_submitted_while_its_queue_is_deleted_either_keeps_the_queue_or_is_refused_never_both_succeed() throws Exception {
        for (int i = 0; i < 60; i++) {
            String queue = "race-" + i;
            server.admin.applyQueue(queue(queue, null, Map.of("cpu", "1"), null), false);
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
            var created = java.util.concurrent.CompletableFuture.supplyAsync(() -> succeeds(start, () -> server.admin.createJob(
                    ApiJob.of(ObjectMeta.named(queue + "-job", null), new ApiJobSpec(List.of("sleep", "30"), null, null, null, null, queue,
                            null, null, null, null, null, null)), false, Optional.empty())));
            boolean deleted = succeeds(start, () -> server.admin.deleteQueue(queue));

            assertThat(created.get() && deleted).as("job %s-job created in queue %s, which was deleted", queue, queue).isFalse();
            if (created.get()) {
                server.admin.cancelJob("default", queue + "-job");
            }
        }
    }

    private static boolean succeeds(java.util.concurrent.CyclicBarrier start, Runnable call) {
        try {
            start.await();
            call.run();
            return true;
        } catch (ApiException e) {
            assertThat(e.status()).isBetween(400, 499);
            return false;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void the_default_queue_cannot_be_deleted() {
        assertThatThrownBy(() -> server.admin.deleteQueue("default")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(409);
            assertThat(e.getMessage()).contains("the default queue cannot be deleted");
        });
    }

    @Test
    void a_cohort_goes_only_once_no_queue_or_cohort_names_it() {
        server.admin.applyCohort(cohort("lab", null), false);
        server.admin.applyCohort(cohort("bench", "lab"), false);
        server.admin.applyQueue(queue("bench-a", "lab", Map.of("cpu", "1"), null), false);

        assertThatThrownBy(() -> server.admin.deleteCohort("lab")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(409);
            assertThat(e.getMessage()).contains("cohort lab is still named by cohort bench, queue bench-a; move or delete them first");
        });

        server.admin.deleteQueue("bench-a");
        server.admin.deleteCohort("bench");
        assertThat(server.admin.deleteCohort("lab").metadata().name()).isEqualTo("lab");
        assertThat(server.admin.cohorts()).extracting(c -> c.metadata().name()).doesNotContain("lab", "bench");
        assertThatThrownBy(() -> server.admin.deleteCohort("lab")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(404));
    }
}
