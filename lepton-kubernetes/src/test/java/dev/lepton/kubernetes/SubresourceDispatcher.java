package dev.lepton.kubernetes;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.SimpleRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fabric8's mixed dispatcher (expectations first, then CRUD), and what a real API server does that CRUD mode
 * lacks, done as the real one does it:
 *
 * <ul>
 *   <li>{@code POST /api/v1/namespaces/NS/pods/NAME/binding}: sets the stored pod's {@code spec.nodeName} to the
 *   binding's target and its {@code PodScheduled} condition true, and answers 201 with a {@code Success} status;
 *   refuses a pod already bound or being deleted with 409 ({@code Operation cannot be fulfilled on pods/binding
 *   "NAME": pod NAME is already assigned to node "N"}), a pod that is not there with 404, a binding whose name is
 *   not the pod's with 400, and a user without the permission with 403, in the API server's words
 *   ({@code registry/core/pod/storage.BindingREST}, RBAC's authorizer);</li>
 *   <li>{@code GET /apis/metrics.k8s.io/v1beta1/namespaces/NS/pods}: 404 as on a cluster without metrics-server, or
 *   the PodMetricsList a test gives, as metrics-server serves it.</li>
 * </ul>
 */
final class SubresourceDispatcher extends KubernetesMixedDispatcher {
    private static final Pattern BINDING = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/binding(\\?.*)?");
    private static final Pattern POD_METRICS = Pattern.compile("/apis/metrics\\.k8s\\.io/v1beta1/namespaces/([^/]+)/pods(\\?.*)?");

    /** Bearer tokens of users whose role lacks {@code pods/binding}. */
    private final Set<String> mayNotBind = ConcurrentHashMap.newKeySet();
    private volatile Supplier<String> podMetrics;

    private final Map<ServerRequest, Queue<ServerResponse>> responses;

    SubresourceDispatcher(Map<ServerRequest, Queue<ServerResponse>> responses) {
        super(responses);
        this.responses = responses;
    }

    void forbidBinding(String token) {
        mayNotBind.add(token);
    }

    /** Serves the metrics API's pods as {@code list} says from now on; null: the cluster has no metrics API. */
    void podMetrics(Supplier<String> list) {
        podMetrics = list;
    }

    /** A test's expectations first ({@code server.expect()}), as in the mixed dispatcher; then what CRUD mode lacks; then CRUD. */
    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath();
        Queue<ServerResponse> expected = responses.get(new SimpleRequest(request.method(), path));
        if (expected != null && !expected.isEmpty()) {
            return super.dispatch(request);
        }
        Matcher binding = BINDING.matcher(path);
        if (request.method() == HttpMethod.POST && binding.matches()) {
            return bind(request, binding.group(1), binding.group(2));
        }
        Matcher metrics = POD_METRICS.matcher(path);
        if (request.method() == HttpMethod.GET && metrics.matches()) {
            Supplier<String> list = podMetrics;
            return list == null ? status(404, "NotFound", "the server could not find the requested resource", null)
                    : new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(list.get());
        }
        return super.dispatch(request);
    }

    /** One binding at a time: the real API server's update is a compare-and-swap on the pod. */
    private synchronized MockResponse bind(RecordedRequest request, String namespace, String name) {
        String authorization = String.valueOf(request.getHeader("Authorization"));
        String token = authorization.startsWith("Bearer ") ? authorization.substring("Bearer ".length()) : "";
        if (mayNotBind.contains(token)) {
            return status(403, "Forbidden", "pods \"" + name + "\" is forbidden: User \"" + token + "\" cannot create resource \"pods/binding\" "
                    + "in API group \"\" in the namespace \"" + namespace + "\"", name);
        }
        Binding binding = Serialization.unmarshal(request.getUtf8Body(), Binding.class);
        if (binding.getMetadata() == null || !name.equals(binding.getMetadata().getName())) {
            return status(400, "BadRequest", "name in URL does not match name in Binding object", null);
        }
        String podPath = "/api/v1/namespaces/" + namespace + "/pods/" + name;
        for (int tries = 0; tries < 10; tries++) {
            MockResponse stored = super.dispatch(request(HttpMethod.GET, podPath, ""));
            if (stored.code() == 404) {
                return status(404, "NotFound", "pods \"" + name + "\" not found", name);
            }
            Pod pod = Serialization.unmarshal(new String(stored.getBody().getBytes(), StandardCharsets.UTF_8), Pod.class);
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                return conflict(name, "pod " + name + " is being deleted, cannot be assigned to a host");
            }
            if (pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty()) {
                return conflict(name, "pod " + name + " is already assigned to node \"" + pod.getSpec().getNodeName() + "\"");
            }
            pod.getSpec().setNodeName(binding.getTarget().getName());
            MockResponse updated = super.dispatch(request(HttpMethod.PUT, podPath, Serialization.asJson(pod)));
            if (updated.code() == 409) {
                continue; // changed since read (a finalizer, a status): read it again, as the real one's update does
            }
            scheduled(podPath, Serialization.unmarshal(new String(updated.getBody().getBytes(), StandardCharsets.UTF_8), Pod.class));
            return new MockResponse().setResponseCode(201).setHeader("Content-Type", "application/json")
                    .setBody(Serialization.asJson(new StatusBuilder().withStatus("Success").withCode(201).withNewMetadata().endMetadata().build()));
        }
        return status(500, "InternalError", "the pod kept changing", name);
    }

    /** The {@code PodScheduled} condition the real API server sets with the binding. */
    private void scheduled(String podPath, Pod pod) {
        PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        if (status.getPhase() == null) {
            status.setPhase("Pending");
        }
        List<PodCondition> conditions = new ArrayList<>(status.getConditions() == null ? List.of() : status.getConditions());
        conditions.removeIf(c -> "PodScheduled".equals(c.getType()));
        conditions.add(new PodConditionBuilder().withType("PodScheduled").withStatus("True").withLastTransitionTime(Instant.now().toString())
                .build());
        status.setConditions(conditions);
        pod.setStatus(status);
        super.dispatch(request(HttpMethod.PUT, podPath + "/status", Serialization.asJson(pod)));
    }

    private static MockResponse conflict(String name, String why) {
        return status(409, "Conflict", "Operation cannot be fulfilled on pods/binding \"" + name + "\": " + why, name);
    }

    private static MockResponse status(int code, String reason, String message, String name) {
        StatusBuilder status = new StatusBuilder().withStatus("Failure").withCode(code).withReason(reason).withMessage(message)
                .withNewMetadata().endMetadata();
        if (name != null) {
            status.withNewDetails().withName(name).withKind(code == 409 ? "pods/binding" : "pods").endDetails();
        }
        Status body = status.build();
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(Serialization.asJson(body));
    }

    private static RecordedRequest request(HttpMethod method, String path, String body) {
        Headers headers = Headers.builder().add("Content-Type", "application/json").build();
        return new RecordedRequest("HTTP/1.1", method, path, headers, new Buffer(body.getBytes(StandardCharsets.UTF_8)));
    }
}
