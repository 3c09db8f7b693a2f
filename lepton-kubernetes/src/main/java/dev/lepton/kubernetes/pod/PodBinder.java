package dev.lepton.kubernetes.pod;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.LaunchFailedException;
import dev.lepton.kubernetes.PodBinding;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds a pod made for Lepton's scheduler ({@link PodBinding#BINDING}) to its node as a scheduler does:
 * {@code POST …/pods/NAME/binding}, which the API server refuses for a pod already bound (409), being
 * deleted (409) or gone (404), or without the permission ({@code pods/binding}, 403). A refused binding deletes
 * the pod: nothing else would ever bind or remove it.
 */
final class PodBinder {
    private static final Logger log = LoggerFactory.getLogger(PodBinder.class);

    private final KubernetesClient client;
    private final String namespace;

    PodBinder(KubernetesClient client, String namespace) {
        this.client = requireNonNull(client, "client is null");
        this.namespace = requireNonNull(namespace, "namespace is null");
    }

    /**
     * Binds pod {@code name} to {@code node}; a refusal deletes the pod and throws. A 409 for a pod already
     * on {@code node} is this binding's own, its answer lost on the way (the client tried again): bound.
     */
    void bind(AttemptId attempt, String name, String node) {
        try {
            client.raw(path(name), "POST", WorkerPods.binding(name, namespace, node));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409 && boundTo(name).equals(Optional.of(node))) {
                return;
            }
            delete(attempt, name);
            throw new LaunchFailedException("cannot bind pod " + namespace + "/" + name + " to node " + node + " for attempt " + attempt
                    + ": " + refusal(e), e);
        }
    }

    /**
     * Pods made for Lepton's scheduler by a launch the server no longer counts on (and not one under way here):
     * nothing would ever bind or remove them.
     */
    void deleteUnbound(Collection<Pod> pods, Predicate<AttemptId> underWay) {
        for (Pod pod : pods) {
            Optional<AttemptId> attempt = KubernetesExecutor.attemptOf(pod).filter(underWay.negate());
            if (unbound(pod) && attempt.isPresent()) {
                log.atInfo().setMessage("unbound pod of no running attempt deleted").addKeyValue("attempt", attempt.get())
                        .addKeyValue("pod", pod.getMetadata().getName()).log();
                delete(attempt.get(), pod.getMetadata().getName());
            }
        }
    }

    /**
     * A pod a crash left between its creation and its binding: bound now to the node in its annotation, so the
     * launch the server recorded goes on; deleted, and false, where that cannot be.
     */
    boolean bindLeftBehind(AttemptId attempt, Pod pod) {
        String name = pod.getMetadata().getName();
        Optional<String> node = chosenNode(pod);
        if (node.isEmpty()) {
            log.atWarn().setMessage("unbound pod names no node, deleted").addKeyValue("attempt", attempt).addKeyValue("pod", name).log();
            delete(attempt, name);
            return false;
        }
        try {
            bind(attempt, name, node.get());
            log.atInfo().setMessage("unbound pod bound on recovery").addKeyValue("attempt", attempt).addKeyValue("pod", name)
                    .addKeyValue("node", node.get()).log();
            return true;
        } catch (LaunchFailedException e) {
            log.atWarn().setMessage("unbound pod could not be bound on recovery, deleted").addKeyValue("attempt", attempt)
                    .addKeyValue("pod", name).addKeyValue("error", e.getMessage()).log();
            return false;
        }
    }

    /** A pod made for Lepton's scheduler that nobody has bound yet, and that is not going away. */
    static boolean unbound(Pod pod) {
        return pod.getSpec() != null && PodBinding.SCHEDULER_NAME.equals(pod.getSpec().getSchedulerName())
                && isBlank(pod.getSpec().getNodeName()) && pod.getMetadata().getDeletionTimestamp() == null;
    }

    /** The node an unbound pod is to be bound to, from its annotation. */
    static Optional<String> chosenNode(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        return Optional.ofNullable(annotations == null ? null : annotations.get(PodNames.NODE_ANNOTATION)).filter(n -> !n.isBlank());
    }

    /** Deletes a pod that will never run: it was never bound, so no kubelet has anything to stop. */
    void delete(AttemptId attempt, String name) {
        try {
            client.pods().inNamespace(namespace).withName(name).delete();
        } catch (KubernetesClientException e) {
            log.atWarn().setMessage("cannot delete an unbound pod, left for the job's cleanup").addKeyValue("attempt", attempt)
                    .addKeyValue("pod", name).addKeyValue("error", refusal(e)).log();
        }
    }

    private Optional<String> boundTo(String name) {
        try {
            Pod pod = client.pods().inNamespace(namespace).withName(name).get();
            return pod == null || pod.getSpec() == null ? Optional.empty() : Optional.ofNullable(pod.getSpec().getNodeName());
        } catch (KubernetesClientException e) {
            return Optional.empty();
        }
    }

    private String path(String name) {
        return "/api/v1/namespaces/" + namespace + "/pods/" + name + "/binding";
    }

    /** The API server's own words where it sent a status, else the client's. */
    static String refusal(KubernetesClientException e) {
        String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        return (e.getCode() > 0 ? e.getCode() + " " : "") + String.valueOf(message).replaceAll("\\s+", " ").strip();
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
