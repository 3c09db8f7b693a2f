package dev.lepton.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.api.v1.ApiDeployment;
import dev.lepton.api.v1.ApiDeploymentSpec;
import dev.lepton.api.v1.ApiEnergy;
import dev.lepton.api.v1.ApiEnergySource;
import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiNode;
import dev.lepton.api.v1.ApiReplicas;
import dev.lepton.api.v1.ApiResources;
import dev.lepton.api.v1.ApiRetry;
import dev.lepton.api.v1.ObjectMeta;
import dev.lepton.api.v1.Versions;
import dev.lepton.kubernetes.ClusterNodes;
import dev.lepton.kubernetes.FakePrometheus;
import dev.lepton.kubernetes.MockCluster;
import dev.lepton.kubernetes.TestKubelet;
import dev.lepton.slurm.node.SlurmGresMap;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server on a Kubernetes cluster (fabric8's mock API server, the test kubelet playing the nodes): a gang's
 * pods are made all at once or not at all; a server restart finds its pods again without making more; a node
 * going {@code NotReady} in the middle of a gang loses its worker, the whole gang is stopped (its pods
 * deleted, none left running) and the job runs again on the nodes still ready; the node waits {@code Down}
 * in Lepton's view until it is ready again.
 */
class KubernetesServerTest {
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
        for (String name : List.of("node-a", "node-b", "node-c")) {
            cluster.add(ClusterNodes.node(name).cpu("4").memory("16Gi").build());
        }
        kubelet = new TestKubelet(cluster);
    }

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
        kubelet.close();
        cluster.close();
    }

    private ExecutorChoice kubernetes() {
        return ExecutorChoice.kubernetes(cluster.kubeconfig(kube));
    }

    private ApiJob gang(String name, int workers, String cpu) {
        return gang(name, workers, cpu, null);
    }

    private ApiJob gang(String name, int workers, String cpu, ApiRetry retry) {
        ApiJob job = JobsEndToEndTest.job(name, List.of("python", "train.py"), workers, retry, new ApiResources(cpu, "1Gi", 0), null);
        return ApiJob.of(job.metadata(), job.spec().withImage("pytorch/pytorch:2.5.1"));
    }

    @Test
    void a_gang_s_pods_are_made_only_once_the_whole_gang_is_placed_and_a_restart_finds_them_without_making_more() {
        server = TestServer.start(home, config -> config.withExecutor(kubernetes()));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> server.admin.nodes().size() == 3);

        // Four workers of 3 CPUs on three nodes of 4: no node takes two, so none is made.
        server.admin.createJob(gang("wide", 4, "3"), false, Optional.empty());
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> server.admin.job("default", "wide").status().message().contains("cannot run"));
        String wide = server.admin.job("default", "wide").metadata().uid();
        assertThat(pods(wide)).as("nothing of a gang that cannot be placed whole").isEmpty();

        // Four workers of 2 CPUs on the same three nodes: two share a node, all four bound at once.
        server.admin.createJob(gang("fits", 4, "2"), false, Optional.empty());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> running("fits", 1));
        String fits = server.admin.job("default", "fits").metadata().uid();
        assertThat(pods(fits)).hasSize(4).allSatisfy(p -> assertThat(p.getSpec().getNodeName()).isNotNull());
        assertThat(pods(fits).stream().map(p -> p.getSpec().getNodeName()).collect(Collectors.toSet())).hasSizeGreaterThanOrEqualTo(2);

        server.closeForRestart();
        server = TestServer.start(home, config -> config.withExecutor(kubernetes()));

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> running("fits", 1));
        assertThat(pods(fits)).as("re-adopted, not made again").hasSize(4);
        assertThat(server.admin.job("default", "fits").status().failures()).isZero();
        server.admin.cancelJob("default", "fits");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> pods(fits).isEmpty());
        assertThat(server.admin.job("default", "fits").status().phase()).isEqualTo("Cancelled");
    }

    @Test
    void a_node_going_not_ready_mid_gang_stops_the_whole_gang_and_the_job_runs_again_on_ready_nodes() {
        server = TestServer.start(home, config -> config.withExecutor(kubernetes()));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> server.admin.nodes().size() == 3);
        server.admin.createJob(gang("train", 2, "3", new ApiRetry(1, "1s", "1s")), false, Optional.empty());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> running("train", 1));
        String failing = server.admin.job("default", "train").status().workers().get(1).node();

        notReady(failing);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> running("train", 2));
        ApiJob again = server.admin.job("default", "train");
        assertThat(again.status().failures()).isEqualTo(1);
        assertThat(again.status().workers()).extracting(w -> w.node()).doesNotContain(failing).doesNotHaveDuplicates();
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(pods(again.metadata().uid()))
                .as("nothing of the first attempt left; the second's two pods").extracting(p -> p.getMetadata().getLabels().get("lepton.dev/epoch"))
                .containsExactly("2", "2"));
        assertThat(server.admin.jobEvents("default", "train")).anySatisfy(e -> assertThat(e.message()).contains("its node " + failing + " is down"));
        ApiNode down = server.admin.node(failing);
        assertThat(down.condition()).isEqualTo("Down");
        assertThat(server.admin.nodes(List.of("Down"), List.of())).extracting(ApiNode::name).containsExactly(failing);
        server.admin.cancelJob("default", "train");
    }

    @Test
    void a_worker_s_energy_that_kepler_measures_reaches_its_job_s_footprint_through_prometheus_marked_measured() {
        try (FakePrometheus prometheus = new FakePrometheus()) {
            Instant start = Instant.now();
            // Kepler's counter for each pod of the cluster: 20 W since a moment before the test began.
            prometheus.counters(FakePrometheus.KEPLER, "pod_name", () -> cluster.admin().pods().inNamespace(MockCluster.NAMESPACE).list()
                    .getItems().stream().collect(Collectors.toMap(p -> p.getMetadata().getName(),
                            p -> 500 + 20 * Duration.between(start, Instant.now()).toMillis() / 1000.0)));
            ExecutorChoice measured = new ExecutorChoice(ExecutorChoice.Kind.KUBERNETES, Optional.empty(), Optional.of(cluster.kubeconfig(kube)),
                    Optional.empty(), Optional.empty(), Optional.of(prometheus.url()), SlurmGresMap.DEFAULT);
            server = TestServer.start(home, config -> config.withExecutor(measured));
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> server.admin.nodes().size() == 3);

            server.admin.createJob(gang("measured", 1, "1"), false, Optional.empty());
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> running("measured", 1));

            // The first reading starts Kepler's count (the model covers up to it); the next, 10 s on, brings what it counted.
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                ApiEnergy energy = server.admin.job("default", "measured").status().energy();
                assertThat(energy).isNotNull();
                assertThat(energy.sources()).extracting(ApiEnergySource::source).contains("prometheus:kepler");
                Map<String, ApiEnergySource> bySource = energy.sources().stream().collect(Collectors.toMap(ApiEnergySource::source,
                        Function.identity()));
                assertThat(bySource.get("prometheus:kepler").provenance()).isEqualTo("measured");
                assertThat(bySource.get("prometheus:kepler").joules()).isGreaterThan(0);
            });
            server.admin.cancelJob("default", "measured");
        }
    }

    private boolean running(String name, int attempt) {
        ApiJob job = server.admin.job("default", name);
        return job.status().phase().equals("Running") && job.status().attempt() == attempt
                && job.status().workers().stream().allMatch(w -> w.state().equals("Running"));
    }

    private List<Pod> pods(String jobUid) {
        return cluster.admin().pods().inNamespace(MockCluster.NAMESPACE).list().getItems().stream()
                .filter(p -> p.getMetadata().getLabels().getOrDefault("lepton.dev/job-uid", "").equals(jobUid)).toList();
    }

    /** The node's kubelet stops reporting: its {@code Ready} condition turns {@code Unknown}, as the node controller writes it. */
    @Test
    void a_command_deployment_runs_its_replica_as_a_pod_and_the_gateway_reaches_it_at_the_pod_s_ip() throws Exception {
        // The test kubelet gives pods this machine's loopback, where the test plays the replica's container.
        kubelet.podIp("127.0.0.1");
        server = TestServer.start(home, config -> config.withExecutor(kubernetes()));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> server.admin.nodes().size() == 3);
        ApiDeploymentSpec spec = new ApiDeploymentSpec(null, null, List.of("python3", "-m", "http.server"), null, "python:3.12-slim", null,
                null, new ApiResources("1", "1Gi", 0), new ApiReplicas(1, 1), null, null, "public", null, null);
        server.admin.createDeployment("default", new ApiDeployment(ApiDeployment.KIND, Versions.V1,
                new ObjectMeta("web", "default", Map.of(), null, null, null), spec, null));

        String job = Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> server.admin.deployment("default", "web").status().replicas(),
                replicas -> replicas != null && !replicas.isEmpty()).getFirst().job();
        String uid = server.admin.job("default", job).metadata().uid();
        Pod replica = Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> pods(uid), pods -> !pods.isEmpty()).getFirst();
        var container = replica.getSpec().getContainers().getFirst();
        assertThat(container.getImage()).isEqualTo("python:3.12-slim");
        int port = Integer.parseInt(container.getEnv().stream().filter(e -> e.getName().equals("PORT")).findFirst().orElseThrow().getValue());
        HttpServer pod = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        pod.createContext("/", exchange -> {
            byte[] body = ("hello from the pod: " + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        pod.start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> server.admin.deployment("default", "web").status().ready() == 1);
            assertThat(server.admin.deployment("default", "web").status().replicas()).singleElement()
                    .satisfies(r -> assertThat(r.address()).isEqualTo("127.0.0.1:" + port));

            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.server.url()
                    + "/endpoints/web/predict?x=1")).GET().build(), HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("hello from the pod: /predict?x=1");
            assertThat(answer.headers().firstValue("X-Lepton-Prediction-Id")).isPresent();
        } finally {
            pod.stop(0);
        }
        server.admin.deleteDeployment("default", "web");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> pods(uid).isEmpty());
    }

    @Test
    void a_deployment_whose_replicas_no_pod_can_run_is_refused_naming_the_field() {
        server = TestServer.start(home, config -> config.withExecutor(kubernetes()));
        ApiDeploymentSpec noImage = new ApiDeploymentSpec(null, null, List.of("python3", "-m", "http.server"), null, null, null, null,
                new ApiResources("1", "1Gi", 0), new ApiReplicas(1, 1), null, null, "public", null, null);

        assertThatThrownBy(() -> server.admin.createDeployment("default", new ApiDeployment(ApiDeployment.KIND, Versions.V1,
                new ObjectMeta("web", "default", Map.of(), null, null, null), noImage, null)))
                .hasMessageContaining("spec.image: required on the kubernetes executor");
        ApiDeploymentSpec model = new ApiDeploymentSpec("sha256:" + "0".repeat(64), "iris.onnx", null, null, "python:3.12-slim", null, null,
                new ApiResources("1", "1Gi", 0), new ApiReplicas(1, 1), null, null, "public", null, null);
        assertThatThrownBy(() -> server.admin.createDeployment("default", new ApiDeployment(ApiDeployment.KIND, Versions.V1,
                new ObjectMeta("iris", "default", Map.of(), null, null, null), model, null)))
                .hasMessageContaining("spec.model: a model's replicas run lepton serve-model");
        assertThat(server.admin.deployments("default")).isEmpty();
    }

    private void notReady(String node) {
        cluster.admin().nodes().withName(node).editStatus(n -> {
            for (NodeCondition condition : n.getStatus().getConditions()) {
                if (condition.getType().equals("Ready")) {
                    condition.setStatus("Unknown");
                    condition.setReason("NodeStatusUnknown");
                    condition.setMessage("Kubelet stopped posting node status.");
                }
            }
            return n;
        });
    }
}
