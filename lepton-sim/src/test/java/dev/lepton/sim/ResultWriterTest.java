package dev.lepton.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultWriterTest {
    @TempDir
    Path dir;

    private final Summary summary = Summary.of(List.of(new JobResult("a", 0, 0, 100, 2, 1, 0, "amd.com/gpu")), 200, 4);

    @Test
    void a_run_of_nvidia_gpus_writes_the_columns_it_always_wrote() throws Exception {
        ResultWriter.write(dir, List.of(new JobResult("a", 0, 0, 100, 2, 1, 0)), Summary.of(List.of(), 0, 4));

        assertThat(Files.readAllLines(dir.resolve("jobs.csv")))
                .containsExactly("id,submit_s,start_s,end_s,jct_s,queue_s,gpus,nodes,preemptions", "a,0.0,0.0,100.0,100.0,0.0,2,1,0");
        assertThat(new ObjectMapper().readTree(dir.resolve("summary.json").toFile()).has("accelerators")).isFalse();
    }

    @Test
    void a_run_that_names_accelerators_says_which_each_jobs_gpus_are_and_each_accelerators_use() throws Exception {
        RunReport report = new RunReport(summary, Optional.empty(), Optional.empty(),
                List.of(new AcceleratorUse("amd.com/gpu", 2, 200), new AcceleratorUse("nvidia.com/gpu", 2, 0)));

        ResultWriter.write(dir, List.of(new JobResult("a", 0, 0, 100, 2, 1, 0, "amd.com/gpu")), report);

        assertThat(Files.readAllLines(dir.resolve("jobs.csv"))).containsExactly(
                "id,submit_s,start_s,end_s,jct_s,queue_s,gpus,accelerator,nodes,preemptions", "a,0.0,0.0,100.0,100.0,0.0,2,amd.com/gpu,1,0");
        JsonNode accelerators = new ObjectMapper().readTree(dir.resolve("summary.json").toFile()).get("accelerators");
        assertThat(accelerators.get(0).get("accelerator").asText()).isEqualTo("amd.com/gpu");
        assertThat(accelerators.get(0).get("gpus").asInt()).isEqualTo(2);
        assertThat(accelerators.get(0).get("gpu_utilization").asDouble()).isEqualTo(1.0);
        assertThat(accelerators.get(1).get("gpu_utilization").asDouble()).isEqualTo(0.0);
    }
}
