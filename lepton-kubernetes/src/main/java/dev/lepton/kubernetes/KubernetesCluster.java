package dev.lepton.kubernetes;

import static java.util.Objects.requireNonNull;

import dev.lepton.kubernetes.node.KubernetesNodeSource;
import dev.lepton.kubernetes.pod.KubernetesExecutor;
import dev.lepton.kubernetes.usage.PrometheusAnswer;
import dev.lepton.kubernetes.usage.PrometheusApi;
import dev.lepton.kubernetes.usage.PrometheusEnergy;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.File;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster this server may use, checked once at start: what {@code lepton server --executor kubernetes
 * [--kubeconfig FILE] [--namespace NS] [--prometheus-url URL]} wires. Its node source and its executor each get a
 * client of their own, which they close when they close.
 *
 * <pre>{@code
 * KubernetesCluster cluster = KubernetesCluster.connect(KubernetesConfig.defaults().withNamespace("ml"));
 * KubernetesNodeSource nodes = cluster.nodeSource();
 * KubernetesExecutor executor = cluster.executor(clock, nodes);
 * }</pre>
 */
public final class KubernetesCluster {
    private static final Logger log = LoggerFactory.getLogger(KubernetesCluster.class);
    /** Where workers' pods go when neither the flag nor the kubeconfig names a namespace. */
    public static final String DEFAULT_NAMESPACE = "default";

    private final Config config;
    private final String namespace;
    private final Duration requestTimeout;
    private final PodBinding binding;
    private final Optional<URI> prometheus;

    private KubernetesCluster(Config config, String namespace, Duration requestTimeout, PodBinding binding, Optional<URI> prometheus) {
        this.config = config;
        this.namespace = namespace;
        this.requestTimeout = requestTimeout;
        this.binding = binding;
        this.prometheus = prometheus;
    }

    /**
     * Reads the kubeconfig and asks the API server for its version and the namespace, within the connect
     * timeout and request timeout together at most, so that a server that cannot reach its cluster says so in
     * one line at start instead of hanging or failing later, job by job. A Prometheus ({@code settings.prometheus()})
     * is asked once too, but one that does not answer is only logged: workers' energy is modelled until it does.
     */
    public static KubernetesCluster connect(KubernetesConfig settings) {
        requireNonNull(settings, "settings is null");
        Config config = load(settings);
        String namespace = settings.namespace().orElse(config.getNamespace() == null ? DEFAULT_NAMESPACE : config.getNamespace());
        config.setNamespace(namespace);
        config.setConnectionTimeout((int) settings.connectTimeout().toMillis());
        config.setRequestTimeout((int) settings.requestTimeout().toMillis());
        KubernetesCluster cluster = new KubernetesCluster(config, namespace, settings.requestTimeout(), settings.binding(),
                settings.prometheus());
        cluster.check(source(settings), settings.connectTimeout().plus(settings.requestTimeout()));
        settings.prometheus().ifPresent(KubernetesCluster::probe);
        return cluster;
    }

    /** Asks Prometheus for a constant: it answers, or the log says why not, once. */
    private static void probe(URI url) {
        try (PrometheusApi api = new PrometheusApi(url, PrometheusApi.DEFAULT_TIMEOUT)) {
            switch (api.query("vector(1)")) {
                case PrometheusAnswer.Vector vector -> log.atInfo().setMessage("Prometheus reachable: workers' energy from Kepler and the DCGM "
                        + "exporter where they measure it").addKeyValue("prometheus", url).log();
                case PrometheusAnswer.Failed failed -> log.atWarn().setMessage("Prometheus did not answer; workers' energy modelled until it "
                        + "does").addKeyValue("prometheus", url).addKeyValue("error", failed.reason()).log();
            }
        }
    }

    public String namespace() {
        return namespace;
    }

    /** How the executor binds a worker's pod to its node. */
    public PodBinding binding() {
        return binding;
    }

    /** The Prometheus workers' energy is read from, if the server was given one. */
    public Optional<URI> prometheus() {
        return prometheus;
    }

    /** The API server's URL. */
    public String server() {
        return config.getMasterUrl();
    }

    /** The cluster's nodes, watched; start it to list them. */
    public KubernetesNodeSource nodeSource() {
        return new KubernetesNodeSource(newClient());
    }

    /** An executor that runs workers as pods in {@link #namespace()}; it watches them from now on. */
    public KubernetesExecutor executor(InstantSource clock) {
        return executor(clock, name -> Optional.empty());
    }

    /** The same, reading the nodes it launches on from {@code nodes}' watch rather than asking the API server each time. */
    public KubernetesExecutor executor(InstantSource clock, KubernetesNodeSource nodes) {
        return executor(clock, nodes::cached);
    }

    private KubernetesExecutor executor(InstantSource clock, Function<String, Optional<io.fabric8.kubernetes.api.model.Node>> nodes) {
        try {
            return new KubernetesExecutor(newClient(), namespace, clock, requestTimeout, nodes, binding,
                    prometheus.map(url -> new PrometheusEnergy(new PrometheusApi(url, PrometheusApi.DEFAULT_TIMEOUT), namespace)));
        } catch (IllegalStateException e) {
            throw new ClusterUnavailableException(e.getMessage().replaceAll("\\s+", " ").strip(), e);
        }
    }

    private KubernetesClient newClient() {
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private static Config load(KubernetesConfig settings) {
        try {
            return settings.kubeconfig().map(file -> Config.fromKubeconfig(readable(file.toFile()))).orElseGet(() -> Config.autoConfigure(null));
        } catch (KubernetesClientException | IllegalArgumentException e) {
            throw new ClusterUnavailableException("cannot read the kubeconfig " + source(settings) + ": " + oneLine(e), e);
        }
    }

    private static File readable(File file) {
        if (!file.isFile() || !file.canRead()) {
            throw new IllegalArgumentException("no readable file there");
        }
        return file;
    }

    /** The version, then the namespace if this user may read it; no retries, and all within {@code deadline}. */
    private void check(String source, Duration deadline) {
        Config once = new ConfigBuilder(config).withRequestRetryBackoffLimit(0).build();
        // Not closed with try-with-resources: closing an executor waits for its tasks, and a hung request would hang the start.
        ExecutorService thread = Executors.newVirtualThreadPerTaskExecutor();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(once).build()) {
            CompletableFuture<Boolean> answer = CompletableFuture.supplyAsync(() -> {
                client.getKubernetesVersion();
                return namespaceExists(client);
            }, thread);
            if (!answer.get(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ClusterUnavailableException("the cluster at " + server() + " has no namespace " + namespace
                        + " (create it, or give --namespace)", null);
            }
            log.atInfo().setMessage("cluster reachable").addKeyValue("server", server()).addKeyValue("namespace", namespace)
                    .addKeyValue("kubeconfig", source).log();
        } catch (TimeoutException e) {
            throw unreachable(source, "no answer within " + deadline.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            throw unreachable(source, oneLine(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(source, "interrupted", e);
        } finally {
            thread.shutdownNow();
        }
    }

    /** False only if the namespace is known not to exist: a user who may not read namespaces may still use one. */
    private boolean namespaceExists(KubernetesClient client) {
        try {
            return client.namespaces().withName(namespace).get() != null;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                return true;
            }
            throw e;
        }
    }

    private ClusterUnavailableException unreachable(String source, String why, Throwable cause) {
        return new ClusterUnavailableException("cannot reach the Kubernetes API server at " + server() + " (kubeconfig " + source + "): "
                + why, cause);
    }

    private static String source(KubernetesConfig settings) {
        return settings.kubeconfig().map(Object::toString).orElseGet(() -> System.getenv("KUBECONFIG") != null
                ? "$KUBECONFIG" : "~/.kube/config, or the pod's service account");
    }

    /**
     * What went wrong at the bottom, in a few words on one line: the JDK's connection failures carry no
     * message ({@code ConnectException: null} over {@code ClosedChannelException}), and fabric8's top one
     * says only that an error has occurred.
     */
    static String oneLine(Throwable e) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        if (chain.stream().anyMatch(t -> t instanceof UnresolvedAddressException || t instanceof UnknownHostException)) {
            return "unknown host";
        }
        if (chain.stream().anyMatch(t -> t instanceof ConnectException)) {
            return "connection refused";
        }
        if (chain.stream().anyMatch(t -> t instanceof HttpTimeoutException || t instanceof TimeoutException)) {
            return "no answer in time";
        }
        for (Throwable t : chain.reversed()) {
            String message = t.getMessage();
            if (message != null && !message.isBlank() && !message.startsWith("An error has occurred")) {
                return message.replaceAll("\\s+", " ").strip();
            }
        }
        return chain.getLast().getClass().getSimpleName();
    }
}
