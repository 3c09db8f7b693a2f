package dev.lepton.kubernetes;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.function.Supplier;

/**
 * fabric8's mock API server in CRUD mode (objects are stored, listed and watched as a real API server
 * would; nothing runs them): the cluster of the always-on tests. A {@link TestKubelet} plays the nodes.
 * Everything the code under test gets from it comes through a kubeconfig file, as from a real cluster.
 * What CRUD mode lacks and the code under test uses, the pods' binding subresource and the metrics API, it
 * answers as a real API server does ({@link SubresourceDispatcher}); it has no metrics API until a test gives
 * it PodMetrics to serve, as a cluster without metrics-server.
 */
public final class MockCluster implements AutoCloseable {
    public static final String NAMESPACE = "lepton-test";
    /** The token of the user {@link #connectWithoutBindingPermission} connects as, whose role lacks {@code pods/binding}. */
    public static final String MAY_NOT_BIND = "lepton-may-not-bind";
    /** The mock logs every request through java.util.logging at INFO; held here, or the setting goes with the logger. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private final KubernetesMockServer server;
    private final SubresourceDispatcher dispatcher;
    private final KubernetesClient admin;

    public MockCluster() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        dispatcher = new SubresourceDispatcher(responses);
        dispatcher.forbidBinding(MAY_NOT_BIND);
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, dispatcher, false);
        server.init();
        admin = server.createClient();
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).create();
    }

    /** A client of the test's own, to arrange and inspect the cluster with. */
    public KubernetesClient admin() {
        return admin;
    }

    public KubernetesMockServer server() {
        return server;
    }

    public void add(Node node) {
        admin.nodes().resource(node).create();
    }

    /**
     * From now on the metrics API serves {@code podMetricsList} (a PodMetricsList, as metrics-server writes it) for
     * the pods of {@link #NAMESPACE}, asked again on each request; null: no metrics API, as before.
     */
    public void podMetrics(Supplier<String> podMetricsList) {
        dispatcher.podMetrics(podMetricsList);
    }

    /** A kubeconfig that points at this cluster, in {@link #NAMESPACE}. */
    public Path kubeconfig(Path dir) {
        return kubeconfig(dir, "test-token");
    }

    private Path kubeconfig(Path dir, String token) {
        String text = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster: {server: "%s"}
                contexts:
                - name: mock
                  context: {cluster: mock, user: tester, namespace: %s}
                current-context: mock
                users:
                - name: tester
                  user: {token: %s}
                """.formatted(server.url("/").replaceAll("/$", ""), NAMESPACE, token);
        try {
            return Files.writeString(dir.resolve("kubeconfig"), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The cluster as the code under test reaches it: through the kubeconfig, checked. */
    public KubernetesCluster connect(Path dir) {
        return connect(dir, PodBinding.NODE_NAME);
    }

    /** The same, its pods bound to their nodes as {@code binding} says. */
    public KubernetesCluster connect(Path dir, PodBinding binding) {
        return KubernetesCluster.connect(KubernetesConfig.defaults().withKubeconfig(kubeconfig(dir)).withBinding(binding)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10)));
    }

    /** The same, bound by {@code spec.nodeName}, with workers' energy read from the Prometheus at {@code prometheus}. */
    public KubernetesCluster connect(Path dir, URI prometheus) {
        return KubernetesCluster.connect(KubernetesConfig.defaults().withKubeconfig(kubeconfig(dir)).withPrometheus(prometheus)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10)));
    }

    /** The cluster as a user whose role lets it do all Lepton does but bind pods ({@code pods/binding}), binding through the subresource. */
    public KubernetesCluster connectWithoutBindingPermission(Path dir) {
        Path own = dir.resolve("may-not-bind");
        try {
            Files.createDirectories(own);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return KubernetesCluster.connect(KubernetesConfig.defaults().withKubeconfig(kubeconfig(own, MAY_NOT_BIND))
                .withBinding(PodBinding.BINDING).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10)));
    }

    /**
     * Lets go of the mock. Its HTTP server's close can fail on a connection the clients are closing at the
     * same moment (seen once in CI: "Unable to close MockWebServer"); that says nothing of the code under
     * test, so it is reported here and the scenario's own outcome stands.
     */
    @Override
    public void close() {
        admin.close();
        try {
            server.destroy();
        } catch (IllegalStateException e) {
            System.err.println("MockCluster: the mock API server did not close cleanly: " + e + " caused by " + e.getCause());
        }
    }
}
