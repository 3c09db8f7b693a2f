package dev.lepton.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
        for (String[] flag : new String[][] {{"--load", "0"}, {"--restart-penalty", "5x"}, {"--policy", "fastest"}, {"--accelerator", "gpu"}}) {
            TestTerminal terminal = new TestTerminal(dir);

            assertThat(terminal.run(simulate(flag))).as(flag[0]).isEqualTo(2);
            assertThat(terminal.err().lines().filter(line -> line.startsWith("error: "))).as(flag[0])
                    .singleElement().asString().startsWith("error: " + flag[0] + ": ");
        }
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void on_a_cluster_of_amd_and_nvidia_nodes_the_traces_gpus_are_the_accelerator_the_run_names() throws Exception {
        cluster = Files.writeString(dir.resolve("cluster.yaml"),
                "nodes:\n  - {count: 1, gpus: 8, gpuModel: A100}\n  - {count: 1, gpus: 8, accelerator: amd.com/gpu, gpuModel: MI300X}\n");
        TestTerminal terminal = new TestTerminal(dir);

        assertThat(terminal.run(simulate("--accelerator", "amd.com/gpu", "-o", "json"))).isZero();

        // Both jobs want 8 AMD GPUs: the second waits the first's hour although the 8 NVIDIA GPUs stay idle.
        JsonNode summary = new ObjectMapper().readTree(terminal.out());
        assertThat(summary.get("makespan_s").asDouble()).isEqualTo(5400);
        assertThat(summary.get("accelerators").findValuesAsText("accelerator")).containsExactly("amd.com/gpu", "nvidia.com/gpu");
        assertThat(summary.get("accelerators").get(1).get("gpu_utilization").asDouble()).isZero();
        assertThat(Files.readAllLines(dir.resolve("out/jobs.csv")).get(1)).contains(",8,amd.com/gpu,1,");
        assertThat(terminal.err()).contains("on 8 amd.com/gpu + 8 nvidia.com/gpu");
    }

    /** Two hours of grid, 100 then 200 gCO2e/kWh (life-cycle column), as Electricity Maps exports it. */
    Path intensity() throws Exception {
        return Files.writeString(dir.resolve("XX_2022.csv"), """
                Datetime (UTC),Country,Zone Name,Zone Id,Carbon Intensity gCO₂eq/kWh (direct),Carbon Intensity gCO₂eq/kWh (LCA),Low Carbon Percentage,Renewable Percentage,Data Source,Data Estimated,Data Estimation Method
                2022-01-01 00:00:00,Nowhere,Nowhere,XX,80,100,50,40,test,false,
                2022-01-01 01:00:00,Nowhere,Nowhere,XX,160,200,50,40,test,false,
                """);
    }

    @Test
    void energy_carbon_and_cost_of_each_job_go_to_jobs_csv_summary_json_and_the_table() throws Exception {
        // The A100 row of the known-hardware table: 80..400 W. a holds 8 GPUs in hour 0: 3.2 kWh x 100 g x PUE 1.25 = 0.4 kg,
        // $0.10 x 3.2 x 1.25 = $0.40; b holds them from 1:00 to 1:30: 1.6 kWh x 200 g x 1.25 = 0.4 kg, $0.20.
        TestTerminal terminal = new TestTerminal(dir);

        assertThat(terminal.run(simulate("--carbon-intensity", intensity().toString(), "--pue", "1.25", "--energy-price", "0.10", "-o", "json")))
                .isZero();

        assertThat(Files.readAllLines(dir.resolve("out/jobs.csv"))).containsExactly(
                "id,submit_s,start_s,end_s,jct_s,queue_s,gpus,nodes,preemptions,held_s,energy_kwh,carbon_kg,cost_usd",
                "a,0.0,0.0,3600.0,3600.0,0.0,8,1,0,0.0,3.200000,0.400000,0.400000",
                "b,0.0,3600.0,5400.0,5400.0,3600.0,8,1,0,0.0,1.600000,0.400000,0.200000");
        JsonNode summary = new ObjectMapper().readTree(terminal.out());
        assertThat(summary.get("avg_jct_s").asDouble()).isEqualTo(4500);
        assertThat(summary.get("energy_kwh").asDouble()).isCloseTo(4.8, within(1e-9));
        assertThat(summary.get("carbon_kg").asDouble()).isCloseTo(0.8, within(1e-9));
        assertThat(summary.get("cost_usd").asDouble()).isCloseTo(0.6, within(1e-9));
        assertThat(summary.get("idle_energy_kwh").asDouble()).isZero();
        assertThat(summary.get("carbon_region").asText()).isEqualTo("XX");
        assertThat(summary.get("gpu_power").get(0).get("source").asText()).startsWith("known-hardware: NVIDIA A100");

        TestTerminal people = new TestTerminal(dir);
        assertThat(people.run(simulate("--carbon-intensity", intensity().toString(), "--pue", "1.25", "--energy-price", "0.10"))).isZero();
        assertThat(people.out()).contains("ENERGY (KWH)", "CARBON (KGCO2E)", "COST ($)").containsPattern("total +4\\.800 +0\\.800 +0\\.600");
    }

    @Test
    void deferral_over_a_real_export_reports_the_carbon_it_avoided_against_the_same_replay_without_it() throws Exception {
        Path spain = Path.of(getClass().getResource("/carbon/ES_2022_first_3_weeks.csv").toURI());
        trace = Files.writeString(dir.resolve("history.csv"), "id,submit_time,duration,gpus\na,0,3600,1\nb,7200,7200,2\nc,40000,1800,4\n");
        TestTerminal terminal = new TestTerminal(dir);

        assertThat(terminal.run(simulate("--carbon-intensity", spain.toString(), "--region", "es", "--defer", "12h", "-o", "json"))).isZero();

        JsonNode summary = new ObjectMapper().readTree(terminal.out());
        assertThat(summary.get("carbon_region").asText()).isEqualTo("ES");
        assertThat(summary.get("forecast").asText()).isEqualTo("perfect");
        assertThat(summary.get("defer_max_delay_s").asLong()).isEqualTo(12 * 3600);
        assertThat(summary.get("carbon_avoided_kg").asDouble()).isPositive()
                .isCloseTo(summary.get("baseline_carbon_kg").asDouble() - summary.get("carbon_kg").asDouble(), within(1e-12));
        assertThat(summary.get("baseline_energy_kwh").asDouble()).isCloseTo(summary.get("energy_kwh").asDouble(), within(1e-9));
        assertThat(summary.get("jobs_deferred").asInt()).isBetween(1, 3);
    }

    @Test
    void bad_energy_and_carbon_flags_are_refused_naming_the_flag() throws Exception {
        String series = intensity().toString();
        String[][] cases = {
                {"--defer", "6h"},
                {"--pue", "-1"},
                {"--pue=0.5"},
                {"--energy-price=-0.1"},
                {"--region", "FR", "--carbon-intensity", series},
                {"--region", "XX"},
                {"--defer", "soon", "--carbon-intensity", series},
                {"--forecast", "crystal-ball", "--defer", "6h", "--carbon-intensity", series},
                {"--forecast", "persistence", "--carbon-intensity", series},
                {"--carbon-start", "yesterday", "--carbon-intensity", series},
                {"--carbon-start", "2023-01-01T00:00:00Z", "--carbon-intensity", series},
                {"--carbon-intensity", dir.resolve("missing.csv").toString()}};
        for (String[] flags : cases) {
            String flag = flags[0].contains("=") ? flags[0].substring(0, flags[0].indexOf('=')) : flags[0];
            TestTerminal terminal = new TestTerminal(dir);

            assertThat(terminal.run(simulate(flags))).as(String.join(" ", flags)).isEqualTo(2);
            assertThat(terminal.err().lines().filter(line -> line.startsWith("error: "))).as(String.join(" ", flags))
                    .singleElement().asString().startsWith("error: " + flag + ": ");
        }
        assertThat(dir.resolve("out")).doesNotExist();
    }
}
