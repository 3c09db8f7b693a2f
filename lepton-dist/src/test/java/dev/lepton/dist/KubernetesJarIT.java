package dev.lepton.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar with {@code --executor kubernetes}, against fabric8's mock API server (CRUD; nothing runs the
 * pods): the jar carries only the Kubernetes models the client runs on (lepton-kubernetes' pom), and this is
 * where a class it left out would show, as the client starts, watches nodes and pods, creates, reads and
 * deletes.
 */
class KubernetesJarIT {
    private static final String NAMESPACE = "ml";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path home;
    @TempDir
    Path dir;

    private KubernetesMockServer api;
    private KubernetesClient admin;
    private ServerProcess server;

    @BeforeEach
    void start() throws IOException {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        api = new KubernetesMockServer(new Context(), new MockWebServer(), responses, new KubernetesMixedDispatcher(responses), false);
        api.init();
        admin = api.createClient();
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).create();
        Map<String, Quantity> allocatable = Map.of("cpu", new Quantity("8"), "memory", new Quantity("32Gi"), "pods", new Quantity("110"));
        admin.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-a").endMetadata()
                .withNewStatus().withAllocatable(allocatable).withCapacity(allocatable).addNewCondition().withType("Ready").withStatus("True")
                .endCondition().endStatus().build()).create();
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "%s"}}]
                users: [{name: tester, user: {token: test-token}}]
                contexts: [{name: mock, context: {cluster: mock, user: tester}}]
                current-context: mock
                """.formatted(api.url("/").replaceAll("/$", "")));
        server = new ServerProcess(home).start("--executor", "kubernetes", "--kubeconfig", kubeconfig.toString(), "--namespace", NAMESPACE);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        admin.close();
        api.destroy();
    }

    private List<Pod> pods() {
        return admin.pods().inNamespace(NAMESPACE).list().getItems();
    }

    @Test
    void the_jar_s_kubernetes_executor_takes_the_cluster_s_nodes_runs_a_job_as_a_pod_reads_its_log_and_deletes_it_on_cancel()
            throws Exception {
        await().atMost(PATIENCE).until(() -> server.cli("node", "list").output().contains("node-a"));

        var run = server.cli("job", "run", "--name", "hello", "--image", "busybox:1.36", "--stop-grace-period", "45s", "--", "echo", "hi");
        assertThat(run.exitCode()).as(run.output()).isZero();

        await().atMost(PATIENCE).until(() -> pods().size() == 1);
        Pod pod = pods().getFirst();
        assertThat(pod.getSpec().getNodeName()).isEqualTo("node-a");
        assertThat(pod.getSpec().getContainers().getFirst().getImage()).isEqualTo("busybox:1.36");
        assertThat(pod.getSpec().getTerminationGracePeriodSeconds()).isEqualTo(45L);
        api.expect().get().withPath("/api/v1/namespaces/" + NAMESPACE + "/pods/" + pod.getMetadata().getName() + "/log?container=worker")
                .andReturn(200, "hi\n").always();
        assertThat(server.cli("job", "logs", "hello").output()).isEqualTo("hi\n");

        assertThat(server.cli("job", "cancel", "hello").exitCode()).isZero();
        await().atMost(PATIENCE).until(() -> pods().isEmpty());
        await().atMost(PATIENCE).until(() -> server.cli("job", "get", "hello", "-o", "json").output().contains("\"Cancelled\""));
        assertThat(Files.readString(home.resolve("server.log"))).doesNotContain("NoClassDefFoundError").doesNotContain("ClassNotFoundException");
    }
}
