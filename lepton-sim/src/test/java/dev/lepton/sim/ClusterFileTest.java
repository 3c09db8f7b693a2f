package dev.lepton.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
                .hasMessage("cluster-typo.yaml:3: nodes[0].gpu: unknown field; known: count, gpus, accelerator, gpuModel, cpu, memory, idleWatts, maxWatts, pricePerHour");
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

    @Test
    void a_group_names_the_accelerator_its_devices_are_and_nvidia_gpus_are_the_default() throws Exception {
        ClusterSpec spec = ClusterFile.load(Files.writeString(dir.resolve("c.yaml"),
                "nodes:\n  - {count: 4, gpus: 8, accelerator: amd.com/gpu, gpuModel: MI300X}\n  - {count: 2, gpus: 4, gpuModel: H100}\n"));

        assertThat(spec.groups()).extracting(ClusterSpec.NodeGroup::accelerator).containsExactly("amd.com/gpu", "nvidia.com/gpu");
        assertThat(spec.groups().get(0).gpuModel()).isEqualTo("MI300X");
        assertThat(spec.gpusByAccelerator()).containsExactly(Map.entry("amd.com/gpu", 32), Map.entry("nvidia.com/gpu", 8));
        assertThat(spec.namesAccelerators()).isTrue();
        assertThat(ClusterFile.load(resource("cluster.yaml")).namesAccelerators()).isFalse();
    }

    @Test
    void an_accelerator_that_is_no_resource_name_names_the_line_the_field_and_the_value() throws IOException {
        assertThatThrownBy(() -> ClusterFile.load(Files.writeString(dir.resolve("c.yaml"),
                "nodes:\n  - count: 2\n  - count: 1\n    accelerator: gpu\n")))
                .hasMessage("c.yaml:4: nodes[1].accelerator: must be a resource name DOMAIN/NAME such as nvidia.com/gpu or amd.com/gpu"
                        + " (a lowercase DNS domain outside kubernetes.io, a slash, up to 63 letters, digits, '-', '_' or '.'), got 'gpu'");
        assertThatThrownBy(() -> ClusterFile.load(Files.writeString(dir.resolve("c.yaml"), "nodes:\n  - {gpus: 8, accelerator: 8}\n")))
                .hasMessageStartingWith("c.yaml:2: nodes[0].accelerator: must be a resource name").hasMessageEndingWith("got '8'");
        assertThatThrownBy(() -> ClusterFile.load(Files.writeString(dir.resolve("c.yaml"), "nodes:\n  - {accelerator: kubernetes.io/gpu}\n")))
                .hasMessageEndingWith("got 'kubernetes.io/gpu'");
    }
}
