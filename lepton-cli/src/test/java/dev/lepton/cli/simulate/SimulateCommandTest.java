package dev.lepton.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lepton.cli.TestTerminal;
import java.nio.file.Files;
import java.nio.file.Path;
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
        String[] base = {"simulate", "--trace", trace.toString(), "--format", "csv", "--cluster", cluster.toString(), "--policy", "fifo",
                "--out", dir.resolve("out").toString()};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
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
}
