package dev.lepton.kubernetes;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the cluster is and how long to wait for it. {@code kubeconfig}: the file to read
 * ({@code --kubeconfig}); empty: {@code KUBECONFIG}, then {@code ~/.kube/config}, then the pod's own
 * service account when the server runs in the cluster. {@code namespace}: where workers' pods go
 * ({@code --namespace}); empty: the kubeconfig context's, else {@code default}. {@code connectTimeout}
 * bounds each connection and the check at start; {@code requestTimeout} each request. {@code binding}: how a
 * worker's pod is bound to its node ({@code --kubernetes-binding}, default {@link PodBinding#NODE_NAME}).
 * {@code prometheus}: the cluster's Prometheus ({@code --prometheus-url}, an absolute http or https URL), where workers'
 * energy is read from Kepler's and the DCGM exporter's metrics; empty (the default): energy is modelled.
 */
public record KubernetesConfig(Optional<Path> kubeconfig, Optional<String> namespace, Duration connectTimeout, Duration requestTimeout,
                               PodBinding binding, Optional<URI> prometheus) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    public KubernetesConfig {
        requireNonNull(kubeconfig, "kubeconfig is null");
        requireNonNull(namespace, "namespace is null");
        namespace.filter(n -> !NAMESPACE.matcher(n).matches()).ifPresent(n -> {
            throw new IllegalArgumentException("--namespace: must be 1-63 lowercase letters, digits or '-', starting and ending with a "
                    + "letter or digit (got '" + n + "')");
        });
        positive("connectTimeout", connectTimeout);
        positive("requestTimeout", requestTimeout);
        requireNonNull(binding, "binding is null");
        requireNonNull(prometheus, "prometheus is null");
        prometheus.filter(url -> !isHttpUrl(url)).ifPresent(url -> {
            throw new IllegalArgumentException("--prometheus-url: must be an absolute http or https URL, such as "
                    + "http://prometheus.monitoring:9090 (got '" + url + "')");
        });
    }

    /** Wherever the environment says the cluster is, in its default namespace. */
    public static KubernetesConfig defaults() {
        return new KubernetesConfig(Optional.empty(), Optional.empty(), DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, PodBinding.NODE_NAME,
                Optional.empty());
    }

    public KubernetesConfig withKubeconfig(Path file) {
        return new KubernetesConfig(Optional.of(file), namespace, connectTimeout, requestTimeout, binding, prometheus);
    }

    public KubernetesConfig withNamespace(String value) {
        return new KubernetesConfig(kubeconfig, Optional.of(value), connectTimeout, requestTimeout, binding, prometheus);
    }

    public KubernetesConfig withTimeouts(Duration connect, Duration request) {
        return new KubernetesConfig(kubeconfig, namespace, connect, request, binding, prometheus);
    }

    public KubernetesConfig withBinding(PodBinding value) {
        return new KubernetesConfig(kubeconfig, namespace, connectTimeout, requestTimeout, value, prometheus);
    }

    /** Workers' energy read from the Prometheus at {@code url} where it has it. */
    public KubernetesConfig withPrometheus(URI url) {
        return new KubernetesConfig(kubeconfig, namespace, connectTimeout, requestTimeout, binding, Optional.of(url));
    }

    /** The same, from the flag's text; refused, naming the flag and the text, if it is no absolute http or https URL. */
    public KubernetesConfig withPrometheus(String url) {
        try {
            return withPrometheus(new URI(url.strip()));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--prometheus-url: must be an absolute http or https URL, such as "
                    + "http://prometheus.monitoring:9090 (got '" + url + "')", e);
        }
    }

    private static boolean isHttpUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        return (scheme.equals("http") || scheme.equals("https")) && url.getHost() != null && !url.isOpaque() && url.getRawQuery() == null
                && url.getRawFragment() == null;
    }

    private static void positive(String name, Duration value) {
        requireNonNull(value, name + " is null");
        if (!value.isPositive() || value.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be more than 0 and fit in an int of milliseconds, got " + value);
        }
    }
}
