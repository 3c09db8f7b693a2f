package dev.lepton.kubernetes.pod;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.execution.AttemptCleanup;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The executor's {@link AttemptCleanup}: a job's pods and services, found and deleted by their job's label. */
final class PodCleanup {
    private static final Logger log = LoggerFactory.getLogger(PodCleanup.class);

    private final KubernetesClient client;
    private final String namespace;

    PodCleanup(KubernetesClient client, String namespace) {
        this.client = requireNonNull(client, "client is null");
        this.namespace = requireNonNull(namespace, "namespace is null");
    }

    /** Deletes the job's pods and services; true if the API server took the deletions. */
    boolean remove(String jobUid) {
        String label = PodNames.labelValue(jobUid);
        try {
            client.pods().inNamespace(namespace).withLabel(PodNames.JOB_LABEL, label).delete();
            client.services().inNamespace(namespace).withLabel(PodNames.JOB_LABEL, label).delete();
            log.atInfo().setMessage("job's pods and services deleted").addKeyValue("job", jobUid).log();
            return true;
        } catch (KubernetesClientException e) {
            log.atWarn().setMessage("cannot delete job's pods and services, kept until the next try").addKeyValue("job", jobUid)
                    .addKeyValue("error", e.getMessage()).log();
            return false;
        }
    }

    /** The jobs whose pods or services are in the namespace; none when the API server cannot say (the next sweep asks again). */
    Set<String> jobUids() {
        Set<String> uids = new HashSet<>();
        try {
            client.pods().inNamespace(namespace).withLabel(PodNames.JOB_LABEL).list().getItems()
                    .forEach(p -> jobUidOf(p).ifPresent(uids::add));
            client.services().inNamespace(namespace).withLabel(PodNames.JOB_LABEL).list().getItems().forEach(s -> Optional
                    .ofNullable(s.getMetadata().getAnnotations()).map(a -> a.get(PodNames.JOB_ANNOTATION)).ifPresent(uids::add));
        } catch (KubernetesClientException e) {
            log.atWarn().setMessage("cannot list the jobs that left pods").addKeyValue("error", e.getMessage()).log();
            return Set.of();
        }
        return uids;
    }

    private static Optional<String> jobUidOf(Pod pod) {
        return Optional.ofNullable(pod.getMetadata().getAnnotations()).map(a -> a.get(PodNames.JOB_ANNOTATION));
    }
}
