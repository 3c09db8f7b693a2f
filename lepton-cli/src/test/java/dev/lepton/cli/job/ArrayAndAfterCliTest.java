package dev.lepton.cli.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.api.v1.ApiArray;
import dev.lepton.api.v1.ApiArrayStatus;
import dev.lepton.api.v1.ApiDependency;
import dev.lepton.api.v1.ApiDependencyStatus;
import dev.lepton.api.v1.ApiExplanation;
import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiJobSpec;
import dev.lepton.api.v1.ApiJobStatus;
import dev.lepton.api.v1.ObjectMeta;
import dev.lepton.cli.TestTerminal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.ParseResult;

/** {@code job run --array/--after}, and how {@code job run}, {@code get} and {@code explain} show arrays and dependencies. */
class ArrayAndAfterCliTest {
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    @TempDir
    Path home;

    private JobRunCommand parse(String... args) {
        ParseResult result = new TestTerminal(home).commandLine().parseArgs(args);
        return (JobRunCommand) result.subcommand().subcommand().commandSpec().userObject();
    }

    @Test
    void array_and_after_flags_land_in_spec_array_and_spec_after() {
        ApiJob job = parse("job", "run", "--name", "arr", "--array", "0-19%4", "--after", "prep", "--after", "data:finished",
                "--after", "eval:succeeded", "--", "sh", "-c", "echo $LEPTON_ARRAY_INDEX").toJob("default", "arr");

        assertThat(job.spec().array()).isEqualTo(new ApiArray("0-19", 4));
        assertThat(job.spec().after()).containsExactly(new ApiDependency("prep", null), new ApiDependency("data", "finished"),
                new ApiDependency("eval", "succeeded"));
        assertThat(parse("job", "run", "--array", "1,3,5-7", "--", "true").toJob("default", "x").spec().array())
                .as("without %N every task may run at once").isEqualTo(new ApiArray("1,3,5-7", null));
        assertThat(parse("job", "run", "--", "true").toJob("default", "x").spec()).satisfies(spec -> {
            assertThat(spec.array()).isNull();
            assertThat(spec.after()).isNull();
        });
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "--array | 0-19%x       | the parallelism after '%' must be a whole number, e.g. 0-99%8 (got '0-19%x')",
        "--array | %4           | write INDICES[%N], e.g. 0-99, 1,3,5-7 or 0-99%8 (got '%4')",
        "--array | 0-19%        | the parallelism after '%' must be a whole number, e.g. 0-99%8 (got '0-19%')",
        "--after | prep:ok      | the condition after ':' must be succeeded or finished (got 'prep:ok')",
        "--after | :finished    | write NAME, NAME:succeeded or NAME:finished (got ':finished')",
    })
    void a_bad_array_or_after_flag_is_one_line_naming_the_flag_and_exit_code_2(String flag, String value, String fault) {
        TestTerminal terminal = new TestTerminal(home);

        int exit = terminal.run("job", "run", flag, value, "--", "true");

        assertThat(exit).isEqualTo(2);
        assertThat(terminal.err().lines().findFirst().orElseThrow()).startsWith("error: ").contains(flag).contains(fault);
    }

    @Test
    void the_help_shows_the_flags_with_their_percent_signs() {
        TestTerminal terminal = new TestTerminal(home);

        terminal.run("job", "run", "--help");

        assertThat(terminal.out()).contains("--array=INDICES[%N]").contains("0-99%8").contains("--after=NAME[:succeeded|:finished]");
    }

    static ApiJob array(String phase, Map<String, Integer> tasks) {
        ApiJobStatus status = new ApiJobStatus(phase, 0, 0, null, "20 tasks: 4 Running, 16 Queued; at most 4 at once", null, null, null, List.of())
                .withWorkflow(new ApiArrayStatus("arr", null, 20, "0-19", 4, tasks), null);
        return new ApiJob("Job", "v1", new ObjectMeta("arr", "default", Map.of(), null, null, NOW.minusSeconds(60)),
                new ApiJobSpec(List.of("true"), null, null, null, null, null, null, null, null, null, null, null)
                        .withWorkflow(new ApiArray("0-19", 4), null),
                status);
    }

    @Test
    void run_says_what_tasks_an_array_made() {
        assertThat(JobText.submitted(array("Queued", Map.of("Queued", 20)), false))
                .isEqualTo("job/arr created: an array of 20 tasks, jobs arr-INDEX for indices 0-19, at most 4 at once");
    }

    @Test
    void get_shows_an_arrays_tasks_by_phase_and_where_to_look_next() {
        Map<String, Integer> tasks = new LinkedHashMap<>();
        tasks.put("Queued", 16);
        tasks.put("Running", 4);

        String text = JobGetCommand.summary(array("Running", tasks), NOW);

        assertThat(text).contains("Phase:     Running\n")
                .contains("Array:     20 tasks (indices 0-19, at most 4 at once): 16 Queued, 4 Running\n")
                .endsWith("\nEach task is a job: lepton job get arr-INDEX\n");
    }

    @Test
    void get_shows_a_tasks_place_in_its_array_and_where_each_dependency_stands() {
        ApiJobStatus status = new ApiJobStatus("Queued", 0, 0, null, "waiting for job prep to succeed", null, null, null, List.of())
                .withWorkflow(new ApiArrayStatus("arr", 3, 20, "0-19", 4, null), List.of(
                        new ApiDependencyStatus("prep", "succeeded", "Waiting", "Running"),
                        new ApiDependencyStatus("data", "finished", "Met", "Failed")));
        ApiJob task = new ApiJob("Job", "v1", new ObjectMeta("arr-3", "default", Map.of(), null, null, NOW), null, status);

        assertThat(JobGetCommand.summary(task, NOW)).contains("""
                Array:     arr, task 3 of 20 (indices 0-19, at most 4 at once)
                After:     prep to succeed: Waiting (Running)
                           data to finish: Met (Failed)
                """).endsWith("No workers yet.\n");
    }

    @Test
    void explain_names_the_array_and_each_dependency_under_its_headline() {
        ApiExplanation why = new ApiExplanation("arr-3", "Queued", "Waiting", "waiting for job prep to succeed", null, null, List.of())
                .withWorkflow(new ApiArrayStatus("arr", 3, 20, "0-19", 4, null),
                        List.of(new ApiDependencyStatus("prep", "succeeded", "Waiting", "Running")));

        assertThat(JobExplainCommand.text(why)).isEqualTo("""
                job/arr-3 Queued (Waiting): waiting for job prep to succeed
                  array: arr, task 3 of 20 (indices 0-19, at most 4 at once)
                  after: prep to succeed: Waiting (Running)""");
    }
}
