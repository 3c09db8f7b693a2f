package dev.lepton.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A server started for a cluster it cannot use says why in one line, soon, and never hangs. */
class KubernetesClusterTest {
    private static final Duration SHORT = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private Path kubeconfig(String server, String namespace) throws IOException {
        return Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "%s"}}]
                contexts: [{name: c, context: {cluster: c, user: u, namespace: %s}}]
                current-context: c
                users: [{name: u, user: {token: t}}]
                """.formatted(server, namespace));
    }

    private KubernetesConfig config(Path kubeconfig) {
        return KubernetesConfig.defaults().withKubeconfig(kubeconfig).withTimeouts(SHORT, SHORT);
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void an_api_server_that_is_not_there_is_one_line_at_once() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        Path file = kubeconfig("http://127.0.0.1:" + port, "ml");
        long start = System.nanoTime();

        assertThatThrownBy(() -> KubernetesCluster.connect(config(file))).isInstanceOf(ClusterUnavailableException.class)
                .hasMessage("cannot reach the Kubernetes API server at http://127.0.0.1:" + port + "/ (kubeconfig " + file + "): connection refused");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void an_api_server_that_never_answers_is_given_up_on_within_the_timeouts() throws IOException {
        // Bound and listening, never accepting: connections complete in the backlog, and no answer ever comes.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Path file = kubeconfig("http://127.0.0.1:" + silent.getLocalPort(), "ml");
            long start = System.nanoTime();

            assertThatThrownBy(() -> KubernetesCluster.connect(config(file))).isInstanceOf(ClusterUnavailableException.class)
                    .hasMessageStartingWith("cannot reach the Kubernetes API server at http://127.0.0.1:" + silent.getLocalPort() + "/")
                    .hasMessageMatching(".*: no answer (in time|within 2 s)$");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void an_api_server_whose_name_does_not_resolve_is_an_unknown_host() throws IOException {
        Path file = kubeconfig("https://no-such-host.invalid:6443", "ml");

        assertThatThrownBy(() -> KubernetesCluster.connect(config(file))).isInstanceOf(ClusterUnavailableException.class)
                .hasMessageEndingWith("https://no-such-host.invalid:6443/ (kubeconfig " + file + "): unknown host");
    }

    @Test
    void a_kubeconfig_that_is_not_there_is_named() {
        Path missing = dir.resolve("nope");

        assertThatThrownBy(() -> KubernetesCluster.connect(config(missing))).isInstanceOf(ClusterUnavailableException.class)
                .hasMessage("cannot read the kubeconfig " + missing + ": no readable file there");
    }

    @Test
    void the_namespace_is_the_flag_s_else_the_kubeconfig_context_s_and_a_missing_one_is_named() {
        try (MockCluster cluster = new MockCluster()) {
            KubernetesCluster fromContext = cluster.connect(dir);

            assertThat(fromContext.namespace()).isEqualTo(MockCluster.NAMESPACE);
            assertThat(fromContext.server()).startsWith("http://");
            Path file = cluster.kubeconfig(dir);
            assertThatThrownBy(() -> KubernetesCluster.connect(config(file).withNamespace("absent")))
                    .isInstanceOf(ClusterUnavailableException.class).hasMessageEndingWith("has no namespace absent (create it, or give --namespace)");
        }
    }
}
