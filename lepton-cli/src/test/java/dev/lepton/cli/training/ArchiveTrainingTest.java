package dev.lepton.cli.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The archive covers only what the training ran: a recorded document the API no longer accepts (a
 * renamed field) would fail its command and leave that command slow, silently. Here it fails a test.
 */
class ArchiveTrainingTest {
    @Test
    void every_training_line_runs_as_it_would_against_a_real_server() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThat(ArchiveTraining.run(out)).isEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8)).as("tables, JSON and YAML were rendered")
                .contains("hello-1", "Succeeded", "\"kind\" : \"Job\"", "kind: Job", "gpu-1", "research", "admin");
    }
}
