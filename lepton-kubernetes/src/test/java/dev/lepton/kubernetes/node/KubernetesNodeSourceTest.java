package dev.lepton.kubernetes.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lepton.core.node.Node;
import dev.lepton.core.node.Taint;
import dev.lepton.kubernetes.ClusterNodes;
import dev.lepton.kubernetes.MockCluster;
import io.fabric8.kubernetes.api.model.NodeCondition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster's nodes, watched through the mock API server: every change Lepton can see is told as the whole list. */
class KubernetesNodeSourceTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofMillis(500);

    @TempDir
    Path dir;

    private MockCluster cluster;
    private KubernetesNodeSource source;
    private final List<List<Node>> told = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        cluster = new MockCluster();
        cluster.add(ClusterNodes.node("gpu-1").gpus(4, "NVIDIA-A100-SXM4-80GB", 81920).build());
        cluster.add(ClusterNodes.node("cpu-1").taint("dedicated", "etl", "NoSchedule").build());
        source = cluster.connect(dir).nodeSource();
        source.start(told::add);
    }

    @AfterEach
    void stop() {
        source.close();
        cluster.close();
    }

    private List<Node> latest() {
        return told.getLast();
    }

    private Node latest(String name) {
        return latest().stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
    }

    private void setReady(String name, String status) {
        cluster.admin().nodes().withName(name).editStatus(n -> {
            n.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready")).forEach(c -> c.setStatus(status));
            return n;
        });
    }

    @Test
    void at_start_the_listener_is_told_every_node_once_sorted_by_name_with_gpus_and_taints() {
        assertThat(told).as("told before start returned").isNotEmpty();
        await().during(QUIET).atMost(QUIET.multipliedBy(3)).until(() -> told.size() == 1);

        assertThat(latest()).extracting(Node::name).containsExactly("cpu-1", "gpu-1");
        assertThat(latest("gpu-1").allocatable().gpus()).isEqualTo(4);
        assertThat(latest("gpu-1").gpuModel()).contains("NVIDIA-A100-SXM4-80GB");
        assertThat(latest("cpu-1").taints()).containsExactly(new Taint("dedicated", "etl"));
    }

    @Test
    void a_node_that_goes_not_ready_is_told_unhealthy_and_healthy_again_when_it_is_back() {
        await().atMost(PATIENCE).until(() -> !told.isEmpty());

        setReady("gpu-1", "Unknown");
        await().atMost(PATIENCE).until(() -> !latest("gpu-1").healthy());
        setReady("gpu-1", "True");

        await().atMost(PATIENCE).until(() -> latest("gpu-1").healthy());
        assertThat(latest("cpu-1").healthy()).isTrue();
    }

    @Test
    void a_node_that_joins_or_leaves_is_told_in_the_whole_list() {
        await().atMost(PATIENCE).until(() -> !told.isEmpty());

        cluster.add(ClusterNodes.node("cpu-2").build());
        await().atMost(PATIENCE).until(() -> latest().stream().map(Node::name).toList().equals(List.of("cpu-1", "cpu-2", "gpu-1")));
        cluster.admin().nodes().withName("gpu-1").delete();

        await().atMost(PATIENCE).until(() -> latest().stream().map(Node::name).toList().equals(List.of("cpu-1", "cpu-2")));
    }

    @Test
    void a_heartbeat_that_changes_nothing_lepton_reads_tells_nothing() {
        await().atMost(PATIENCE).until(() -> !told.isEmpty());
        await().during(QUIET).atMost(QUIET.multipliedBy(3)).until(() -> told.size() == 1);

        cluster.admin().nodes().withName("gpu-1").editStatus(n -> {
            n.getStatus().getConditions().forEach((NodeCondition c) -> c.setLastHeartbeatTime("2030-01-01T00:00:00Z"));
            return n;
        });
        cluster.admin().nodes().withName("cpu-1").edit(n -> {
            n.getMetadata().getLabels().put("team", "etl");
            return n;
        });

        await().atMost(PATIENCE).until(() -> latest("cpu-1").labels().containsKey("team"));
        assertThat(told).hasSize(2);
    }
}
