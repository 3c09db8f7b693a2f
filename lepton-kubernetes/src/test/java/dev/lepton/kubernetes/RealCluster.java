package dev.lepton.kubernetes;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lepton.kubernetes.node.NodeMapping;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The cluster {@code KUBECONFIG} names, for the suites tagged {@code kubernetes} (docs/kubernetes.md): a test
 * that needs it is skipped, saying why, when the variable is not set. Workers run {@value #IMAGE}; pods go to
 * {@code LEPTON_TEST_NAMESPACE}, else the kubeconfig context's namespace, else {@code default}.
 */
public final class RealCluster implements AutoCloseable {
    public static final String IMAGE = "busybox:1.36";
    public static final String TAG = "kubernetes";
    /** Image pulls, pod starts and deletions on a real cluster take seconds to minutes. */
    public static final Duration PATIENCE = Duration.ofMinutes(3);

    private final KubernetesCluster cluster;
    private final KubernetesClient admin;
    private final String node;
    private UnboundUser unbound;

    private RealCluster(PodBinding binding) {
        KubernetesConfig config = KubernetesConfig.defaults().withBinding(binding);
        String namespace = System.getenv("LEPTON_TEST_NAMESPACE");
        cluster = KubernetesCluster.connect(namespace == null || namespace.isBlank() ? config : config.withNamespace(namespace));
        admin = new KubernetesClientBuilder().build();
        node = admin.nodes().list().getItems().stream().filter(n -> NodeMapping.toLepton(n).healthy()).map(n -> n.getMetadata().getName())
                .sorted().findFirst().orElseThrow(() -> new IllegalStateException("the cluster has no Ready node to run workers on"));
    }

    /** Why a suite of the tag is skipped: its classes are enabled only where {@code KUBECONFIG} is set. */
    public static final String WITHOUT_KUBECONFIG =
            "KUBECONFIG is not set: the real-cluster suite (tag kubernetes) needs a cluster to run pods on; see docs/kubernetes.md";

    /** The cluster; the test skipped when {@code KUBECONFIG} is not set. */
    public static RealCluster require() {
        return require(PodBinding.NODE_NAME);
    }

    /** The same, its pods bound to their nodes as {@code binding} says. */
    public static RealCluster require(PodBinding binding) {
        assumeTrue(Optional.ofNullable(System.getenv("KUBECONFIG")).filter(k -> !k.isBlank()).isPresent(), WITHOUT_KUBECONFIG);
        return new RealCluster(binding);
    }

    /** Why the cluster shows no PodMetrics, if it shows none: it has no metrics API ({@code metrics.k8s.io/v1beta1}, metrics-server). */
    public Optional<String> whyNoMetricsApi() {
        try {
            return admin.raw("/apis/metrics.k8s.io/v1beta1") == null
                    ? Optional.of("the cluster has no metrics API (metrics.k8s.io/v1beta1): install metrics-server to run this scenario")
                    : Optional.empty();
        } catch (KubernetesClientException e) {
            return Optional.of("the cluster's metrics API does not answer (" + e.getCode() + "): is metrics-server running?");
        }
    }

    /**
     * The cluster as a service account whose role lets it do all Lepton does but bind pods ({@code pods/binding}), binding
     * through the subresource ({@link UnboundUser}); its objects go with {@link #close()}.
     */
    public KubernetesCluster withoutBindingPermission(Path dir) {
        if (unbound == null) {
            unbound = UnboundUser.create(admin, cluster.namespace());
        }
        return unbound.connect(dir, cluster.server());
    }

    public KubernetesCluster cluster() {
        return cluster;
    }

    public KubernetesClient admin() {
        return admin;
    }

    /** The first Ready node by name: where the suites bind their workers. */
    public String node() {
        return node;
    }

    /** Runs {@code command} in the pod's worker container and answers its exit code. */
    public int exec(String pod, String... command) {
        try (ExecWatch watch = admin.pods().inNamespace(cluster.namespace()).withName(pod).inContainer("worker").redirectingOutput()
                .redirectingError().exec(command)) {
            return watch.exitCode().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("exec in pod " + pod + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        if (unbound != null) {
            unbound.delete(admin);
        }
        admin.close();
    }
}
