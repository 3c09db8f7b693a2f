package dev.lepton.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiRetry;
import dev.lepton.client.ApiException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/jobs/{name}/logs}: what a follower sees while a job runs, and the logs of
 * earlier attempts. Workers wait for a file the test writes, so no assertion depends on timing.
 */
class JobLogsTest extends SharedServer {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path gates;

    /**
     * A worker that prints {@code before}, waits until the test opens the gate, then prints {@code after}. It starts
     * in the gate's directory, which a sandboxed worker sees only as its absolute {@code workingDir}.
     */
    private ApiJob gated(String name, String before, Path gate, String after) {
        String script = before + "; while [ ! -e '" + gate + "' ]; do sleep 0.05; done; " + after;
        ApiJob job = JobsEndToEndTest.job(name, script);
        return ApiJob.of(job.metadata(), job.spec().withWorkingDir(gate.getParent().toString()));
    }

    @Test
    void a_follower_gets_its_answer_at_once_though_the_job_has_printed_nothing_yet() throws IOException {
        Path gate = gates.resolve("quiet");
        server.admin.createJob(gated("quiet", "true", gate, "echo done"), false, Optional.empty());
        try {
            InputStream stream = assertTimeoutPreemptively(PATIENCE, () -> server.admin.jobLogs("default", "quiet", 0, true),
                    "the server held back the response of a follow until the job printed (or ended)");
            try (stream) {
                Files.createFile(gate);
                assertThat(new String(stream.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("done\n");
            }
        } finally {
            open(gate);
        }
    }

    @Test
    void each_line_reaches_a_follower_as_the_worker_writes_it_and_the_stream_ends_with_the_job() throws IOException {
        Path gate = gates.resolve("ticks");
        server.admin.createJob(gated("ticks", "echo tick 1", gate, "echo tick 2"), false, Optional.empty());
        try {
            assertTimeoutPreemptively(PATIENCE, () -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                        server.admin.jobLogs("default", "ticks", 0, true), StandardCharsets.UTF_8))) {
                    assertThat(lines.readLine()).isEqualTo("tick 1");
                    assertThat(server.admin.job("default", "ticks").status().phase()).isIn("Scheduled", "Running");
                    Files.createFile(gate);
                    assertThat(lines.readLine()).isEqualTo("tick 2");
                    assertThat(lines.readLine()).isNull();
                }
            }, "a line the worker wrote did not reach the follower while the job ran");
            assertThat(server.admin.job("default", "ticks").status().phase()).isEqualTo("Succeeded");
        } finally {
            open(gate);
        }
    }

    @Test
    void the_log_of_each_earlier_attempt_stays_readable_by_its_number() throws IOException {
        server.admin.createJob(JobsEndToEndTest.job("thrice", List.of("sh", "-c", "echo attempt $LEPTON_ATTEMPT; exit 3"), 1,
                new ApiRetry(2, "100ms", "1s"), null, null), false, Optional.empty());
        assertThat(server.admin.waitForJob("default", "thrice", PATIENCE).status().attempt()).isEqualTo(3);

        assertThat(logs("thrice", OptionalInt.of(1), false)).isEqualTo("attempt 1\n");
        assertThat(logs("thrice", OptionalInt.of(2), true)).isEqualTo("attempt 2\n");
        assertThat(logs("thrice", OptionalInt.empty(), false)).isEqualTo("attempt 3\n");
    }

    @Test
    void an_attempt_that_never_happened_is_not_found_and_a_malformed_one_is_refused_naming_it() {
        server.admin.createJob(JobsEndToEndTest.job("once", "echo hi"), false, Optional.empty());
        server.admin.waitForJob("default", "once", PATIENCE);

        assertThatThrownBy(() -> logs("once", OptionalInt.of(4), false)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.getMessage()).contains("attempt").contains("no attempt 4").contains("attempt 1 only");
        });
        assertThatThrownBy(() -> logs("once", OptionalInt.of(0), false)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).contains("attempt").contains("'0'");
        });
    }

    @Test
    void followers_that_hang_up_on_a_silent_job_are_let_go_at_once_not_when_it_ends() throws Exception {
        Path gate = gates.resolve("silent");
        server.admin.createJob(gated("silent", "true", gate, "true"), false, Optional.empty());
        int followers = 20;
        try (LogCapture events = new LogCapture()) {
            long before = sockets();
            List<Socket> clients = new ArrayList<>();
            for (int i = 0; i < followers; i++) {
                Socket client = new Socket("127.0.0.1", server.server.port());
                client.getOutputStream().write(("GET /api/v1/jobs/silent/logs?follow=true HTTP/1.1\r\nHost: lepton\r\nAuthorization: Bearer "
                        + server.adminToken() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                String status = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                assertThat(status).isEqualTo("HTTP/1.1 200 OK");
                clients.add(client);
            }
            for (Socket client : clients) {
                client.close();
            }

            Awaitility.await().atMost(PATIENCE).untilAsserted(() -> assertThat(events.events())
                    .filteredOn(e -> e.contains("log stream of job default/silent worker 0 ended: its client has gone")).hasSize(followers));
            Awaitility.await().atMost(PATIENCE).untilAsserted(() -> assertThat(sockets())
                    .as("the server's ends of the followers' connections are closed").isLessThan(before + followers / 2));
            assertThat(server.admin.job("default", "silent").status().phase()).as("the job runs on").isEqualTo("Running");
        } finally {
            open(gate);
        }
    }

    /** Sockets this JVM holds open: the server's and the test's. */
    private static long sockets() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                } catch (IOException gone) {
                    return false;
                }
            }).count();
        }
    }

    private static String logs(String name, OptionalInt attempt, boolean follow) throws IOException {
        try (InputStream in = server.admin.jobLogs("default", name, 0, attempt, follow)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Lets a worker end whatever the test did, so none outlives it. */
    private static void open(Path gate) throws IOException {
        if (!Files.exists(gate)) {
            Files.createFile(gate);
        }
    }
}
