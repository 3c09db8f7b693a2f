package dev.lepton.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.api.v1.ApiArray;
import dev.lepton.api.v1.ApiArrayStatus;
import dev.lepton.api.v1.ApiDependency;
import dev.lepton.api.v1.ApiDependencyStatus;
import dev.lepton.api.v1.ApiExplanation;
import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiJobSpec;
import dev.lepton.api.v1.ObjectMeta;
import dev.lepton.client.ApiException;
import dev.lepton.server.BadInputTest.Answer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Arrays and dependencies through the real HTTP API, a real SQLite store and real worker processes. */
class ArraysAndDependenciesApiTest extends SharedServer {
    static ApiJob job(String name, String script, ApiArray array, List<ApiDependency> after) {
        return ApiJob.of(ObjectMeta.named(name, null), new ApiJobSpec(List.of("sh", "-c", script), null, null, null, null, null, null, null,
                null, null, null, null).withWorkflow(array, after));
    }

    static ApiJob create(ApiJob job) {
        return server.admin.createJob(job, false, Optional.empty());
    }

    static ApiJob waitFor(String name) {
        return server.admin.waitForJob("default", name, Duration.ofSeconds(60));
    }

    static String logs(String name) throws IOException {
        try (InputStream in = server.admin.jobLogs("default", name, 0, false)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static long jobs() {
        return server.server.store().read(tx -> tx.jobs().count());
    }

    @Test
    void an_array_runs_a_job_per_index_at_most_parallelism_at_once_and_its_name_answers_for_them_all() throws Exception {
        // The workers run as the project's user where the server is root, in a sandbox that shows them only their own
        // tree and an absolute workingDir: the marks are in one, outside the server's home, and theirs to write too.
        Path shared = Files.createTempDirectory("lepton-marks");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path marks = Files.createFile(shared.resolve("marks.log"));
        Files.setPosixFilePermissions(marks, PosixFilePermissions.fromString("rw-rw-rw-"));
        String script = "echo start $(date +%s%N) $LEPTON_ARRAY_INDEX >> " + marks + "; sleep 0.4; echo end $(date +%s%N) $LEPTON_ARRAY_INDEX >> "
                + marks + "; echo index=$LEPTON_ARRAY_INDEX of $LEPTON_ARRAY_SIZE in $LEPTON_ARRAY";
        ApiJob sweep = job("sweep", script, new ApiArray("0-4,10", 2), null);

        ApiJob created = create(ApiJob.of(sweep.metadata(), sweep.spec().withWorkingDir(shared.toString())));

        assertThat(created.metadata().name()).isEqualTo("sweep");
        assertThat(created.spec().array()).isEqualTo(new ApiArray("0-4,10", 2));
        assertThat(created.status().array().size()).isEqualTo(6);
        ApiJob done = waitFor("sweep");
        assertThat(done.status().phase()).isEqualTo("Succeeded");
        assertThat(done.status().exitCode()).isZero();
        assertThat(done.status().array()).isEqualTo(new ApiArrayStatus("sweep", null, 6, "0-4,10", 2, Map.of("Succeeded", 6)));
        assertThat(done.status().message()).isEqualTo("6 tasks: 6 Succeeded; at most 2 at once");
        assertThat(server.admin.jobs(Optional.of("default"), Optional.empty(), 500, Optional.empty()).items())
                .extracting(j -> j.metadata().name()).contains("sweep-0", "sweep-1", "sweep-2", "sweep-3", "sweep-4", "sweep-10")
                .doesNotContain("sweep");
        ApiJob task = server.admin.job("default", "sweep-10");
        assertThat(task.status().array()).isEqualTo(new ApiArrayStatus("sweep", 10, 6, "0-4,10", 2, null));
        assertThat(task.metadata().labels()).containsEntry("lepton.dev/array", "sweep").containsEntry("lepton.dev/array-index", "10");
        assertThat(logs("sweep-10")).contains("index=10 of 6 in sweep");
        assertThat(peakConcurrency(Files.readAllLines(marks))).isEqualTo(2);
    }

    /** The most tasks that were between their start and end marks at once. */
    private static int peakConcurrency(List<String> marks) {
        List<long[]> events = new ArrayList<>();
        for (String line : marks) {
            String[] parts = line.split(" ");
            events.add(new long[] {Long.parseLong(parts[1]), parts[0].equals("start") ? 1 : -1});
        }
        events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int now = 0;
        int peak = 0;
        for (long[] e : events) {
            now += (int) e[1];
            peak = Math.max(peak, now);
        }
        assertThat(marks).hasSize(12);
        return peak;
    }

    @Test
    void a_job_after_another_waits_saying_so_then_runs_and_shows_where_its_dependency_stands() {
        create(job("prep", "sleep 1", null, null));
        create(job("train", "echo trained", null, List.of(new ApiDependency("prep", null))));

        ApiJob waiting = server.admin.job("default", "train");
        assertThat(waiting.spec().after()).containsExactly(new ApiDependency("prep", "succeeded"));
        assertThat(waiting.status().dependencies()).singleElement().satisfies(d -> {
            assertThat(d.job()).isEqualTo("prep");
            assertThat(d.state()).isEqualTo("Waiting");
        });
        ApiExplanation why = server.admin.explainJob("default", "train");
        assertThat(why.dependencies()).extracting(ApiDependencyStatus::state).containsExactly("Waiting");

        assertThat(waitFor("train").status().phase()).isEqualTo("Succeeded");
        assertThat(server.admin.job("default", "train").status().dependencies())
                .containsExactly(new ApiDependencyStatus("prep", "succeeded", "Met", "Succeeded"));
    }

    @Test
    void explain_says_what_a_waiting_job_waits_for_and_an_arrays_logs_are_its_tasks() {
        create(job("first", "sleep 2", null, null));
        create(job("second", "true", null, List.of(new ApiDependency("first", "finished"))));
        create(job("trio", "true", new ApiArray("0-2", null), null));

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.admin.explainJob("default", "second").summary()
                .equals("waiting for job first to finish"));
        assertThat(server.admin.explainJob("default", "second").outcome()).isEqualTo("Waiting");
        assertThatThrownBy(() -> logs("trio")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.getMessage()).contains("is an array of 3 tasks; logs are per task, e.g. lepton job logs trio-0");
        });
    }

    @Test
    void a_job_whose_dependency_failed_fails_without_running_and_one_after_it_finished_runs() {
        create(job("broken", "exit 3", null, null));
        create(job("needy", "echo never", null, List.of(new ApiDependency("broken", "succeeded"))));
        create(job("tidy", "echo tidied", null, List.of(new ApiDependency("broken", "finished"))));

        ApiJob needy = waitFor("needy");
        assertThat(needy.status().phase()).isEqualTo("Failed");
        assertThat(needy.status().message()).isEqualTo("dependency never satisfied: job broken ended Failed; this job runs only after it succeeds");
        assertThat(needy.status().attempt()).as("it never ran").isZero();
        assertThat(needy.status().dependencies()).containsExactly(new ApiDependencyStatus("broken", "succeeded", "Never", "Failed"));
        assertThat(waitFor("tidy").status().phase()).isEqualTo("Succeeded");
    }

    @Test
    void a_job_after_an_array_waits_for_all_its_tasks() {
        create(job("shards", "sleep 0.2", new ApiArray("0-2", null), null));
        create(job("merge", "echo merged", null, List.of(new ApiDependency("shards", null))));

        assertThat(waitFor("merge").status().phase()).isEqualTo("Succeeded");
        assertThat(server.admin.job("default", "merge").status().dependencies())
                .containsExactly(new ApiDependencyStatus("shards", "succeeded", "Met", "3 tasks: 3 Succeeded"));
        assertThat(waitFor("shards").status().phase()).isEqualTo("Succeeded");
    }

    @Test
    void cancelling_an_array_cancels_every_task_and_explain_and_events_answer_for_the_array() {
        create(job("long", "sleep 60", new ApiArray("0-3", 1), null));
        ApiExplanation why = server.admin.explainJob("default", "long");
        assertThat(why.array().size()).isEqualTo(4);
        assertThat(why.summary()).startsWith("4 tasks: ").contains("at most 1 at once");
        assertThat(server.admin.jobEvents("default", "long")).singleElement()
                .satisfies(e -> assertThat(e.message()).startsWith("array of 4 tasks (indices 0-3, at most 1 at once) submitted by admin"));

        server.admin.cancelJob("default", "long");

        ApiJob cancelled = waitFor("long");
        assertThat(cancelled.status().phase()).isEqualTo("Cancelled");
        assertThat(cancelled.status().array().tasks()).isEqualTo(Map.of("Cancelled", 4));
    }

    @Test
    void a_job_and_an_array_never_share_a_name_and_an_idempotent_retry_answers_the_same_array() throws Exception {
        create(job("solo", "true", null, null));
        assertThatThrownBy(() -> create(job("solo", "true", new ApiArray("0-1", null), null)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(409));

        ApiJob first = server.admin.createJob(job("pair", "true", new ApiArray("0-1", null), null), false, Optional.of("pair-key"));
        ApiJob again = server.admin.createJob(job("pair", "true", new ApiArray("0-1", null), null), false, Optional.of("pair-key"));
        assertThat(again.metadata().name()).isEqualTo(first.metadata().name());
        assertThat(again.status().array().size()).isEqualTo(2);
        assertThatThrownBy(() -> server.admin.createJob(job("other", "true", null, null), false, Optional.of("pair-key")))
                .as("the key of an array reused for a job").isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("Idempotency-Key: already used for 'default/pair', which is not a job");
                });
        assertThatThrownBy(() -> create(job("pair", "true", null, null)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("it is an array of 2 tasks");
                });
        assertThatThrownBy(() -> create(job("pair", "true", new ApiArray("5-6", null), null)))
                .as("another array of the same name, even with other indices")
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(409));

        long before = jobs();
        ApiJob dry = server.admin.createJob(job("dry", "true", new ApiArray("0-99", 10), null), true, Optional.empty());
        assertThat(dry.status().array().size()).isEqualTo(100);
        assertThat(jobs()).as("a dry run stores nothing").isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a backwards range      | \"array\":{\"indices\":\"5-2\"}                       | spec.array.indices: range '5-2' ends before it starts (got '5-2')",
        "too many tasks         | \"array\":{\"indices\":\"0-20000\"}                   | spec.array.indices: makes more than 10000 tasks, the most an array may have (got '0-20000')",
        "no indices             | \"array\":{\"parallelism\":2}                         | spec.array.indices: required",
        "no parallelism         | \"array\":{\"indices\":\"0-3\",\"parallelism\":0}     | spec.array.parallelism: must be between 1 and 10000 (got 0)",
        "an unknown job         | \"after\":[{\"job\":\"ghost\"}]                         | spec.after[0].job: no job or array named 'ghost' in project default",
        "a bad condition        | \"after\":[{\"job\":\"ghost\",\"condition\":\"ok\"}]   | spec.after[0].condition: must be succeeded or finished (got 'ok')",
        "a bad job name         | \"after\":[{\"job\":\"Ghost!\"}]                        | spec.after[0].job: must be 1-63 lowercase letters",
    })
    void a_bad_array_or_dependency_is_a_400_naming_the_field_and_the_value_and_nothing_is_stored(String why, String field, String named)
            throws Exception {
        long before = jobs();

        Answer answer = BadInputTest.post("/api/v1/jobs", "{\"metadata\":{\"name\":\"bad\"},\"spec\":{\"command\":[\"true\"]," + field + "}}",
                server.adminToken());

        assertThat(answer.status()).as(why).isEqualTo(400);
        assertThat(answer.body().get("code").asText()).isEqualTo("INVALID_SPEC");
        assertThat(answer.body().get("detail").asText()).contains(named);
        assertThat(jobs()).isEqualTo(before);
    }

    @Test
    void an_array_name_too_long_for_its_task_names_is_refused_naming_it() throws Exception {
        String name = "a".repeat(61);

        Answer answer = BadInputTest.post("/api/v1/jobs", "{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"command\":[\"true\"],"
                + "\"array\":{\"indices\":\"0-10\"}}}", server.adminToken());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().get("detail").asText()).contains("metadata.name: too long for this array: its task '" + name + "-10' would have 64");
    }
}
