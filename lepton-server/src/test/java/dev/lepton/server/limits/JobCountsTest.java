package dev.lepton.server.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.job.Job;
import dev.lepton.testing.TestJobs;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JobCountsTest {
    @Test
    void concurrent_submissions_never_overshoot_the_limit() throws Exception {
        JobCounts counts = new JobCounts(TenantLimits.NONE.withSubmitted(50, 0));
        AtomicInteger admitted = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 8; t++) {
                done.add(threads.submit(() -> {
                    go.await();
                    for (int i = 0; i < 100; i++) {
                        try {
                            counts.admit("alice", "ml", 1, true);
                            admitted.incrementAndGet();
                        } catch (LeptonException refused) {
                            // over the limit: counted nowhere
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        }

        assertThat(admitted).hasValue(50);
        assertThat(counts.ofUser("alice")).isEqualTo(50);
    }

    @Test
    void a_job_is_counted_once_from_admission_through_arrival_until_it_ends() {
        JobCounts counts = new JobCounts(TenantLimits.NONE.withSubmitted(1, 0));
        Job job = TestJobs.training().name("one").owner("alice").build();

        counts.admit(job.owner(), job.project(), 1, true);
        counts.live(job, 1);
        counts.arrived(job);
        assertThat(counts.ofUser("alice")).isEqualTo(1);
        assertThat(counts.ofProject(job.project())).isEqualTo(1);
        assertThatThrownBy(() -> counts.admit("alice", job.project(), 1, true)).isInstanceOf(LeptonException.class)
                .hasMessageContaining("user 'alice' has 1 job(s) queued or running");

        counts.clearLive();
        counts.live(job, 1);
        assertThat(counts.ofUser("alice")).as("the loop read its jobs again").isEqualTo(1);
        counts.live(job, -1);
        assertThat(counts.ofUser("alice")).isZero();
        counts.admit("alice", job.project(), 1, true);
    }

    @Test
    void a_failed_submission_gives_its_places_back() {
        JobCounts counts = new JobCounts(TenantLimits.NONE.withSubmitted(2, 0));

        assertThatThrownBy(() -> counts.submit("alice", "ml", 2, true, () -> {
            throw new IllegalStateException("the store is down");
        }, stored -> true)).isInstanceOf(IllegalStateException.class);
        counts.submit("alice", "ml", 2, true, () -> "dry run", stored -> false);

        assertThat(counts.ofUser("alice")).isZero();
        assertThat(counts.submit("alice", "ml", 2, true, () -> "stored", stored -> true)).isEqualTo("stored");
        assertThat(counts.ofUser("alice")).isEqualTo(2);
    }
}
