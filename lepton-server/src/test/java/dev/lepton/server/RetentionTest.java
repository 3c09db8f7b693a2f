package dev.lepton.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.lepton.api.v1.ApiJob;
import dev.lepton.client.ApiException;
import dev.lepton.core.event.AuditEntry;
import dev.lepton.server.jobs.JobDeletion;
import dev.lepton.server.retention.Retention;
import dev.lepton.server.retention.RetentionConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention on a real server: what ended long enough ago is purged with everything it left, what
 * runs stays, old idempotency keys are forgotten, and a log over the cap is cut to its tail. The
 * server's clock can be moved forward; sweeps are run by hand except where the timer is the point.
 */
class RetentionTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Duration NEVER = Duration.ofHours(1);

    @TempDir
    Path home;
    @TempDir
    Path gates;

    /** The system clock, moved forward by what the test says. */
    static final class ShiftedClock implements InstantSource {
        private final AtomicReference<Duration> shift = new AtomicReference<>(Duration.ZERO);

        @Override
        public Instant instant() {
            return Instant.now().plus(shift.get());
        }

        void advance(Duration by) {
            shift.updateAndGet(s -> s.plus(by));
        }
    }

    private final ShiftedClock clock = new ShiftedClock();

    private TestServer start(RetentionConfig retention) {
        return TestServer.start(home, c -> c.withRetention(retention), clock);
    }

    @Test
    void jobs_that_ended_longer_ago_than_the_retention_go_with_their_events_and_files_and_the_rest_stay() {
        try (TestServer server = start(RetentionConfig.DEFAULTS.withEndedJobs(Optional.of(Duration.ofDays(1))).withIntervals(NEVER, NEVER))) {
            ApiJob old = server.admin.createJob(JobsEndToEndTest.job("old", "echo old"), false, Optional.empty());
            server.admin.waitForJob("default", "old", PATIENCE);
            server.admin.createJob(JobsEndToEndTest.job("live", "sleep 600"), false, Optional.empty());
            Awaitility.await().atMost(PATIENCE).until(() -> server.admin.job("default", "live").status().phase().equals("Running"));
            Retention retention = server.server.retention();
            assertThat(retention.sweep().jobs()).as("ended just now").isZero();

            clock.advance(Duration.ofDays(2));
            Retention.Sweep sweep = retention.sweep();
            server.admin.createJob(JobsEndToEndTest.job("fresh", "true"), false, Optional.empty());
            server.admin.waitForJob("default", "fresh", PATIENCE);

            assertThat(sweep.jobs()).isEqualTo(1);
            assertThatThrownBy(() -> server.admin.job("default", "old")).isInstanceOf(ApiException.class);
            assertThat(server.server.store().read((dev.lepton.store.Tx tx) -> tx.events().list("default", "job/old", 0, 10))).isEmpty();
            assertThat(server.home.resolve("attempts").resolve(old.metadata().uid())).doesNotExist();
            assertThat(server.server.store().read((dev.lepton.store.Tx tx) -> tx.audit().list(0, 1_000))).filteredOn(a -> a.action().equals("job.purge"))
                    .singleElement().satisfies(a -> {
                        assertThat(a.actor()).isEqualTo(JobDeletion.RETENTION_ACTOR);
                        assertThat(a.detail()).startsWith("1 job(s) that ended before ").endsWith(": default/old");
                    });
            assertThat(server.admin.job("default", "live").status().phase()).isEqualTo("Running");
            assertThat(retention.sweep().jobs()).as("the fresh one ended within the day").isZero();
            server.admin.cancelJob("default", "live");
        }
    }

    @Test
    void an_idempotency_key_is_forgotten_after_its_window_and_a_retry_then_creates_anew() {
        try (TestServer server = start(RetentionConfig.DEFAULTS.withIntervals(NEVER, NEVER))) {
            ApiJob first = server.admin.createJob(JobsEndToEndTest.job("once", "true"), false, Optional.of("k-1"));
            assertThat(server.admin.createJob(JobsEndToEndTest.job("once", "true"), false, Optional.of("k-1")).metadata().uid())
                    .isEqualTo(first.metadata().uid());

            clock.advance(Duration.ofHours(25));
            assertThat(server.server.retention().sweep().idempotencyKeys()).isEqualTo(1);

            assertThatThrownBy(() -> server.admin.createJob(JobsEndToEndTest.job("once", "true"), false, Optional.of("k-1")))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("ALREADY_EXISTS"));
        }
    }

    @Test
    void attempt_files_whose_job_is_gone_are_removed_and_a_live_jobs_stay() throws IOException {
        try (TestServer server = start(RetentionConfig.DEFAULTS.withIntervals(NEVER, NEVER))) {
            ApiJob kept = server.admin.createJob(JobsEndToEndTest.job("kept", "true"), false, Optional.empty());
            server.admin.waitForJob("default", "kept", PATIENCE);
            Path orphan = Files.createDirectories(server.home.resolve("attempts").resolve(UUID.randomUUID().toString()).resolve("1/0"));
            Files.writeString(orphan.resolve("output.log"), "left behind by a crash\n");

            assertThat(server.server.retention().sweep().orphanedJobFiles()).isEqualTo(1);

            assertThat(orphan.getParent().getParent()).doesNotExist();
            assertThat(server.home.resolve("attempts").resolve(kept.metadata().uid())).isDirectory();
        }
    }

    @Test
    void the_sweep_runs_by_itself_every_interval() {
        try (TestServer server = start(RetentionConfig.DEFAULTS.withEndedJobs(Optional.of(Duration.ofMillis(1)))
                .withIntervals(Duration.ofMillis(200), NEVER))) {
            server.admin.createJob(JobsEndToEndTest.job("brief", "true"), false, Optional.empty());

            Awaitility.await().atMost(PATIENCE).until(() -> server.server.store().read((dev.lepton.store.Tx tx) -> tx.jobs().find("default", "brief")).isEmpty());
        }
    }

    @Test
    void a_log_over_the_cap_is_cut_to_its_tail_and_a_follower_goes_on_from_the_line_that_says_so() throws IOException {
        Path gate = gates.resolve("go");
        String lines = "i=0; while [ $i -lt 3000 ]; do echo \"line $i ..................................................\"; i=$((i+1)); done";
        try (TestServer server = start(RetentionConfig.DEFAULTS.withMaxLogBytes(64 << 10).withIntervals(NEVER, NEVER))) {
            // A sandboxed worker sees the gate's directory only as its absolute workingDir.
            ApiJob chatty = JobsEndToEndTest.job("chatty", lines + "; while [ ! -e '" + gate + "' ]; do sleep 0.05; done; echo after");
            server.admin.createJob(ApiJob.of(chatty.metadata(), chatty.spec().withWorkingDir(gates.toString())), false, Optional.empty());
            StringBuilder seen = new StringBuilder();
            assertTimeoutPreemptively(PATIENCE, () -> {
                try (BufferedReader follower = new BufferedReader(new InputStreamReader(
                        server.admin.jobLogs("default", "chatty", 0, true), StandardCharsets.UTF_8))) {
                    for (String line = follower.readLine(); !line.startsWith("line 2999 "); line = follower.readLine()) {
                        seen.append(line).append('\n');
                    }
                    server.server.retention().capLogs();
                    Files.createFile(gate);
                    for (String line = follower.readLine(); line != null; line = follower.readLine()) {
                        seen.append(line).append('\n');
                    }
                }
            }, "the follower stalled after the log was cut");
            String log = logs(server, "chatty");

            assertThat(seen.toString()).contains("[lepton: ").endsWith("after\n");
            assertThat(log).startsWith("[lepton: ").contains("bytes of earlier output dropped; a worker's log is kept to 64KiB]\nline ")
                    .doesNotContain("line 0 ").endsWith("line 2999 ..................................................\nafter\n");
            assertThat(log.length()).isLessThan(64 << 10);
        } finally {
            if (!Files.exists(gate)) {
                Files.createFile(gate);
            }
        }
    }

    private static String logs(TestServer server, String name) throws IOException {
        try (InputStream in = server.admin.jobLogs("default", name, 0, false)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
