package dev.lepton.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lepton.cli.TestTerminal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lepton simulate} as a user runs it: a small history replayed, its figures as a table or as JSON. */
class SimulateCommandTest {
    @TempDir
    Path dir;
    Path trace;
    Path cluster;

    @BeforeEach
    void files() throws Exception {
        // Two 8-GPU jobs on one 8-GPU node under FIFO: the second waits the first's hour.
        trace = Files.writeString(dir.resolve("history.csv"), "id,submit_time,duration,gpus\na,0,3600,8\nb,0,1800,8\n");
        cluster = Files.writeString(dir.resolve("cluster.yaml"), "nodes:\n  - {count: 1, gpus: 8, gpuModel: A100}\n");
    }

    String[] simulate(String... extra) {
        List<String> args = new ArrayList<>(List.of("simulate", "--trace", trace.toString(), "--format", "csv", "--cluster", cluster.toString(),
                "--out", dir.resolve("out").toString()));
        args.addAll(List.of(extra));
        if (!args.contains("--policy")) {
            args.addAll(List.of("--policy", "fifo"));
        }
        return args.toArray(String[]::new);
    }

    @Test
    void people_get_a_table_and_where_the_files_went() {
        TestTerminal terminal = new TestTerminal(dir);

        assertThat(terminal.run(simulate())).isZero();

        assertThat(terminal.out()).contains("POLICY", "AVG JCT", "fifo", "1.25h", "wrote " + dir.resolve("out/jobs.csv"));
        assertThat(terminal.err()).contains("simulate: ").contains("2 of 2 jobs done");
    }

    @Test
    void scripts_get_the_summary_as_json_and_nothing_else_on_stdout() throws Exception {
        TestTerminal terminal = new TestTerminal(dir);

        assertThat(terminal.run(simulate("-o", "json"))).isZero();

        JsonNode summary = new ObjectMapper().readTree(terminal.out());
        assertThat(summary.get("jobs").asInt()).isEqualTo(2);
        assertThat(summary.get("avg_jct_s").asDouble()).isEqualTo((3600 + 5400) / 2.0);
        assertThat(summary.get("makespan_s").asDouble()).isEqualTo(5400);
        assertThat(summary).isEqualTo(new ObjectMapper().readTree(dir.resolve("out/summary.json").toFile()));
    }

    @Test
    void a_bad_flag_is_one_line_naming_it_with_exit_status_two() {
        for (String[] flag : new String[][] {{"--load", "0"}, {"--restart-penalty", "5x"}, {"--policy", "fastest"}}) {
            TestTerminal terminal = new TestTerminal(dir);

            assertThat(terminal.run(simulate(flag))).as(flag[0]).isEqualTo(2);
            assertThat(terminal.err().lines().filter(line -> line.startsWith("error: "))).as(flag[0])
                    .singleElement().asString().startsWith("error: " + flag[0] + ": ");
        }
        assertThat(dir.resolve("out")).doesNotExist();
    }
}
