package dev.lepton.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.api.v1.ApiExplanation;
import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiNode;
import dev.lepton.api.v1.ApiResources;
import dev.lepton.kubernetes.ClusterNodes;
import dev.lepton.kubernetes.MockCluster;
import dev.lepton.kubernetes.TestKubelet;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server on a Kubernetes cluster of NVIDIA and AMD nodes (fabric8's mock API server, the test kubelet playing
 * them): a job asking for {@code amd.com/gpu} runs only on the AMD node, its pod requests {@code amd.com/gpu}, and a
 * job waiting for AMD GPUs is explained by the accelerator each node lacks, and the metrics count each accelerator by name.
 */
class AcceleratorsOnKubernetesTest {
    @TempDir
    Path home;
    @TempDir
    Path kube;
    MockCluster cluster;
    TestKubelet kubelet;
    TestServer server;

    @BeforeEach
    void cluster() {
        cluster = new MockCluster();
        cluster.add(ClusterNodes.node("h100-a").cpu("16").memory("64Gi").gpus(8, "NVIDIA-H100-80GB-HBM3", 81559).build());
        cluster.add(ClusterNodes.node("mi300-a").cpu("16").memory("64Gi").allocatable("amd.com/gpu", "4").build());
        cluster.add(ClusterNodes.node("cpu-a").cpu("16").memory("64Gi").build());
        kubelet = new TestKubelet(cluster);
        server = TestServer.start(home, config -> config.withExecutor(ExecutorChoice.kubernetes(cluster.kubeconfig(kube))));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> server.admin.nodes().size() == 3);
    }

    @AfterEach
    void close() {
        server.close();
        kubelet.close();
        cluster.close();
    }

    private static ApiJob amdJob(String name, int gpus) {
        ApiJob job = JobsEndToEndTest.job(name, List.of("python", "train.py"), 1, null,
                new ApiResources("1", "1Gi", null, Map.of("amd.com/gpu", gpus)), null);
        return ApiJob.of(job.metadata(), job.spec().withImage("rocm/pytorch:latest"));
    }

    private List<Pod> pods(String jobUid) {
        return cluster.admin().pods().inNamespace(MockCluster.NAMESPACE).list().getItems().stream()
                .filter(p -> p.getMetadata().getLabels().getOrDefault("lepton.dev/job-uid", "").equals(jobUid)).toList();
    }

    @Test
    void each_node_offers_its_accelerators_by_resource_name() {
        assertThat(server.admin.node("mi300-a").accelerators()).containsExactly(Map.entry("amd.com/gpu", 4));
        assertThat(server.admin.node("h100-a").accelerators()).containsExactly(Map.entry("nvidia.com/gpu", 8));
        assertThat(server.admin.node("mi300-a").gpuDevices()).extracting(g -> g.resource()).containsOnly("amd.com/gpu");
        assertThat(server.admin.node("cpu-a")).extracting(ApiNode::gpus).isEqualTo(0);
    }

    @Test
    void an_amd_gpu_job_runs_only_on_the_amd_node_and_its_pod_requests_amd_gpus_by_name() {
        server.admin.createJob(amdJob("rocm", 2), false, Optional.empty());

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> server.admin.job("default", "rocm").status().phase().equals("Running"));
        ApiJob running = server.admin.job("default", "rocm");
        assertThat(running.status().workers()).singleElement().satisfies(w -> assertThat(w.node()).isEqualTo("mi300-a"));
        assertThat(pods(running.metadata().uid())).singleElement().satisfies(pod -> {
            assertThat(pod.getSpec().getNodeName()).isEqualTo("mi300-a");
            var resources = pod.getSpec().getContainers().getFirst().getResources();
            assertThat(resources.getRequests()).containsEntry("amd.com/gpu", new Quantity("2")).doesNotContainKey("nvidia.com/gpu");
            assertThat(resources.getLimits()).containsEntry("amd.com/gpu", new Quantity("2"));
        });
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(server.admin.node("mi300-a"))
                .satisfies(node -> assertThat(node.acceleratorsAllocated()).containsExactly(Map.entry("amd.com/gpu", 2)))
                .satisfies(node -> assertThat(node.gpusAllocated()).isEqualTo(2)));
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(metrics())
                .contains("lepton_queue_usage{queue=\"default\",resource=\"amd.com/gpu\"} 2.0")
                .contains("lepton_node_allocatable{node=\"mi300-a\",resource=\"amd.com/gpu\"} 4.0")
                .as("resource=gpu counts devices of every name, as before").contains("lepton_node_allocatable{node=\"mi300-a\",resource=\"gpu\"} 4.0")
                .contains("lepton_node_allocatable{node=\"h100-a\",resource=\"nvidia.com/gpu\"} 8.0"));
        server.admin.cancelJob("default", "rocm");
    }

    private String metrics() throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.server.url()
                + "/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void a_job_waiting_for_amd_gpus_is_explained_by_the_accelerator_each_node_lacks() {
        server.admin.createJob(amdJob("first", 4), false, Optional.empty());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> server.admin.job("default", "first").status().phase().equals("Running"));

        server.admin.createJob(amdJob("second", 2), false, Optional.empty());
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !server.admin.explainJob("default", "second").nodes().isEmpty());
        ApiExplanation why = server.admin.explainJob("default", "second");

        assertThat(why.outcome()).isEqualTo("Waiting");
        assertThat(why.nodes()).extracting(ApiExplanation.NodeVerdict::node, ApiExplanation.NodeVerdict::reason).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("mi300-a", "needs 2 amd.com/gpu, 0 free"),
                org.assertj.core.groups.Tuple.tuple("h100-a", "needs 2 amd.com/gpu, 0 in all"),
                org.assertj.core.groups.Tuple.tuple("cpu-a", "needs 2 amd.com/gpu, 0 in all"));
        server.admin.cancelJob("default", "first");
        server.admin.cancelJob("default", "second");
    }
}
