package dev.lepton.kubernetes.usage;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the PodMetrics of a namespace's pods with one label, in one list call to the metrics API
 * ({@code GET /apis/metrics.k8s.io/v1beta1/namespaces/NS/pods?labelSelector=…}). A cluster without the API
 * (no metrics-server: 404) is told once in the log and answers nothing; so does a failing one (503 while
 * metrics-server is down, a refusal), once per kind of failure, until it answers again. Never throws.
 * Called from one thread at a time.
 */
public final class MetricsApi {
    private static final Logger log = LoggerFactory.getLogger(MetricsApi.class);
    /** The metrics API's pods, named so that the client needs neither discovery nor fabric8's metrics model. */
    static final ResourceDefinitionContext POD_METRICS = new ResourceDefinitionContext.Builder().withGroup("metrics.k8s.io")
            .withVersion("v1beta1").withKind("PodMetrics").withPlural("pods").withNamespaced(true).build();

    private final KubernetesClient client;
    private final String namespace;
    private final String label;
    /** What went wrong last time, to say each kind of trouble once: null while the API answers, empty before the first call. */
    private String trouble = "";

    /**
     * {@code client}'s requests are not tried again here: the server's sampling thread asks, and a metrics-server
     * that is down (503) would otherwise hold it through the client's retries for as long as a request may take.
     */
    public MetricsApi(KubernetesClient client, String namespace, String label) {
        requireNonNull(client, "client is null");
        this.client = client.newClient(new RequestConfigBuilder(client.getConfiguration().getRequestConfig()).withRequestRetryBackoffLimit(0)
                .build()).adapt(KubernetesClient.class);
        this.namespace = requireNonNull(namespace, "namespace is null");
        this.label = requireNonNull(label, "label is null");
    }

    /** The latest sample of every pod with the label that the API has one for; none when it cannot say. */
    public List<PodSample> read() {
        List<GenericKubernetesResource> items;
        try {
            items = client.genericKubernetesResources(POD_METRICS).inNamespace(namespace).withLabel(label).list().getItems();
        } catch (KubernetesClientException e) {
            troubled(e);
            return List.of();
        }
        if (trouble != null) {
            log.atInfo().setMessage("the metrics API answers: worker usage from PodMetrics").addKeyValue("namespace", namespace).log();
        }
        trouble = null;
        List<PodSample> samples = new ArrayList<>(items.size());
        for (GenericKubernetesResource item : items) {
            try {
                samples.add(PodSample.of(item));
            } catch (IllegalArgumentException e) {
                log.atWarn().setMessage("unreadable PodMetrics skipped").addKeyValue("error", e.getMessage()).log();
            }
        }
        return samples;
    }

    private void troubled(KubernetesClientException e) {
        String kind = e.getCode() == 404 ? "absent" : "failed " + e.getCode();
        if (kind.equals(trouble)) {
            return;
        }
        trouble = kind;
        if (e.getCode() == 404) {
            log.atInfo().setMessage("the cluster has no metrics API (metrics.k8s.io/v1beta1, served by metrics-server): workers' usage "
                    + "is not known").addKeyValue("namespace", namespace).log();
        } else {
            log.atWarn().setMessage("the metrics API did not answer; workers' usage stays as it was").addKeyValue("namespace", namespace)
                    .addKeyValue("code", e.getCode()).addKeyValue("error", String.valueOf(e.getMessage()).replaceAll("\\s+", " ")).log();
        }
    }
}
