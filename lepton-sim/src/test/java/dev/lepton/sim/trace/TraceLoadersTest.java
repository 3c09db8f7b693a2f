package dev.lepton.sim.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceLoadersTest {
    @TempDir
    Path dir;

    static Path resource(String name) {
        try {
            return Path.of(TraceLoadersTest.class.getResource("/traces/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void philly_rows_are_sorted_by_submission_and_timed_from_the_first() {
        List<TraceJob> jobs = PhillyTrace.load(resource("philly-small.csv"));

        assertThat(jobs).extracting(TraceJob::id).containsExactly("philly-3", "philly-4", "philly-2", "philly-5");
        assertThat(jobs).extracting(TraceJob::submitMillis).containsExactly(0L, 10_000L, 115_000L, 120_000L);
        assertThat(jobs.get(0).durationMillis()).isEqualTo(30_000);
        assertThat(jobs.get(0).gpus()).isEqualTo(8);
        assertThat(jobs.get(0).reshapeable()).isTrue();
    }

    @Test
    void the_pollux_filter_keeps_jobs_of_a_minute_or_more_under_1000_gpu_hours() {
        assertThat(PhillyTrace.load(resource("philly-small.csv"), true)).extracting(TraceJob::id).containsExactly("philly-2", "philly-5");
    }

    @Test
    void a_bad_philly_timestamp_names_file_line_and_field() {
        assertThatThrownBy(() -> PhillyTrace.load(resource("philly-bad-timestamp.csv")))
                .isInstanceOf(TraceFormatException.class)
                .hasMessage("philly-bad-timestamp.csv:3: timestamp: not a timestamp YYYY-MM-DD HH:MM:SS ('2017/10/09 07:00')");
    }

    @Test
    void the_generic_csv_reads_required_and_optional_columns_and_ignores_others() {
        List<TraceJob> jobs = CsvTrace.load(resource("jobs.csv"));

        assertThat(jobs.get(0)).isEqualTo(new TraceJob("train-a", 0, 3_600_000, 4, 2, false, Optional.of("A100"), 8_000, 64L << 30, 10,
                "research"));
        assertThat(jobs.get(1)).isEqualTo(new TraceJob("eval-b", 12_500, 60_000, 1, 1, false, Optional.empty(), 0, 0, 0, "default"));
        assertThat(jobs.get(2).cpuMillisPerWorker()).isEqualTo(500);
        assertThat(jobs.get(2).priority()).isEqualTo(-1);
    }

    @Test
    void a_value_that_is_not_a_number_names_file_line_and_field() {
        assertThatThrownBy(() -> CsvTrace.load(resource("jobs-bad-duration.csv")))
                .hasMessage("jobs-bad-duration.csv:3: duration: not a number ('abc')");
    }

    @Test
    void malformed_generic_rows_are_rejected_with_their_field() throws IOException {
        assertThatThrownBy(() -> CsvTrace.load(file("t.csv", "id,submit_time,gpus\na,0,1\n")))
                .hasMessage("t.csv:1: duration: missing column; the header has id,submit_time,gpus");
        assertThatThrownBy(() -> CsvTrace.load(file("t.csv", "id,submit_time,duration,gpus\na,0,5,1.5\n")))
                .hasMessage("t.csv:2: gpus: not a whole number ('1.5')");
        assertThatThrownBy(() -> CsvTrace.load(file("t.csv", "id,submit_time,duration,gpus\na,-3,5,1\n")))
                .hasMessage("t.csv:2: submit_time: must be >= 0, got -3");
        assertThatThrownBy(() -> CsvTrace.load(file("t.csv", "id,submit_time,duration,gpus\na,0,5,1\na,1,5,1\n")))
                .hasMessage("t.csv:3: id: duplicate id 'a'");
        assertThatThrownBy(() -> CsvTrace.load(file("t.csv", "id,submit_time,duration,gpus,memory\na,0,5,1,lots\n")))
                .hasMessageStartingWith("t.csv:2: memory: not a size");
        assertThatThrownBy(() -> CsvTrace.load(file("t.csv", "id,submit_time,duration,gpus\na,0,,1\n")))
                .hasMessage("t.csv:2: duration: missing value");
        assertThatThrownBy(() -> CsvTrace.load(file("t.csv", "")))
                .hasMessageStartingWith("t.csv:1: header: empty file");
        assertThatThrownBy(() -> CsvTrace.load(dir.resolve("missing.csv"))).hasMessage("missing.csv: no such file");
    }

    @Test
    void a_csv_row_may_name_its_accelerator_and_rows_that_do_not_take_the_runs_default() throws IOException {
        Path trace = file("t.csv", "id,submit_time,duration,gpus,accelerator\na,0,5,1,amd.com/gpu\nb,0,5,1,\n");

        assertThat(CsvTrace.load(trace)).extracting(TraceJob::accelerator).containsExactly("amd.com/gpu", "nvidia.com/gpu");
        assertThat(CsvTrace.load(trace, "google.com/tpu")).extracting(TraceJob::accelerator).containsExactly("amd.com/gpu", "google.com/tpu");
    }

    @Test
    void a_csv_accelerator_that_is_no_resource_name_names_file_line_and_field() throws IOException {
        assertThatThrownBy(() -> CsvTrace.load(file("t.csv", "id,submit_time,duration,gpus,accelerator\na,0,5,1,nvidia.com/gpu\nb,0,5,1,MI300X\n")))
                .hasMessageStartingWith("t.csv:3: accelerator: must be a resource name DOMAIN/NAME").hasMessageEndingWith("('MI300X')");
    }

    @Test
    void every_philly_job_asks_for_the_accelerator_the_run_names_as_the_log_names_none() {
        assertThat(PhillyTrace.load(resource("philly-small.csv"), false, "amd.com/gpu")).extracting(TraceJob::accelerator)
                .containsOnly("amd.com/gpu");
        assertThat(PhillyTrace.load(resource("philly-small.csv"))).extracting(TraceJob::accelerator).containsOnly("nvidia.com/gpu");
    }
}
