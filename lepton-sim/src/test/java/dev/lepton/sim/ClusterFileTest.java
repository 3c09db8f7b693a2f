package dev.lepton.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterFileTest {
    @TempDir
    Path dir;

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(ClusterFileTest.class.getResource("/traces/" + name).toURI());
    }

    @Test
    void node_groups_are_read_with_defaults_for_what_is_left_out() throws Exception {
        ClusterSpec spec = ClusterFile.load(resource("cluster.yaml"));

        assertThat(spec.groups()).isEqualTo(List.of(
                new ClusterSpec.NodeGroup(16, 4, "T4", 48_000, 192L << 30),
                new ClusterSpec.NodeGroup(1, 8, "generic", 64_000, 512L << 30)));
        assertThat(spec.totalGpus()).isEqualTo(72);
    }

    @Test
    void an_unknown_key_is_an_error_naming_the_group_and_field() throws Exception {
        assertThatThrownBy(() -> ClusterFile.load(resource("cluster-typo.yaml")))
                .hasMessage("cluster-typo.yaml:3: nodes[0].gpu: unknown field; known: count, gpus, gpuModel, cpu, memory, idleWatts, maxWatts, pricePerHour");
    }

    @Test
    void bad_values_name_the_file_line_and_field() throws IOException {
        assertThatThrownBy(() -> ClusterFile.load(Files.writeString(dir.resolve("c.yaml"), "nodes:\n  - count: 0\n")))
                .hasMessage("c.yaml:2: nodes[0].count: must be a whole number >= 1, got '0'");
        assertThatThrownBy(() -> ClusterFile.load(Files.writeString(dir.resolve("c.yaml"),
                "# two groups\nnodes:\n  - count: 2\n    gpus: 4\n  - count: 1\n    gpus: 8\n    memory: lots\n")))
                .hasMessageStartingWith("c.yaml:7: nodes[1].memory: not a size");
        assertThatThrownBy(() -> ClusterFile.load(Files.writeString(dir.resolve("c.yaml"), "machines: []\n")))
                .hasMessageStartingWith("c.yaml:1: nodes: missing");
        assertThatThrownBy(() -> ClusterFile.load(Files.writeString(dir.resolve("c.yaml"), "nodes: [\n")))
                .hasMessageStartingWith("c.yaml:");
    }
}
