package dev.lepton.kubernetes.pod;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.LaunchFailedException;
import dev.lepton.core.execution.LaunchSpec;
import dev.lepton.core.resource.Accelerators;
import dev.lepton.core.resource.Resources;
import dev.lepton.kubernetes.PodBinding;
import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What a worker is on Kubernetes: one pod for the node Lepton chose (written into it, {@code spec.nodeName};
 * or, for the binding subresource, left for Lepton's scheduler with the node in an annotation, and the
 * {@link Binding} that binds it there), its job's image and command, requests equal to limits, the environment
 * contract, its job's stop grace; and for each gang a headless service that gives rank 0 a DNS name. Pure: specs in,
 * objects out.
 */
final class WorkerPods {
    /** The extended resource NVIDIA's device plugin offers; Lepton's {@code gpus}. */
    static final String NVIDIA_GPU = Accelerators.NVIDIA_GPU;
    static final String ATTEMPT_ID_VARIABLE = "LEPTON_ATTEMPT_ID";
    private static final String CUDA_VISIBLE_DEVICES = "CUDA_VISIBLE_DEVICES";

    private WorkerPods() {}

    /** The worker's pod, or why it cannot be one (no image, shipped code, a relative working directory). */
    static Pod pod(LaunchSpec spec, String namespace, List<Toleration> tolerations, PodBinding binding) {
        AttemptId attempt = spec.attempt();
        String image = spec.image().orElseThrow(() -> refused(attempt, "its job names no image (spec.image)"));
        if (spec.code().isPresent()) {
            throw refused(attempt, "code cannot be shipped into a container; build it into the image");
        }
        Container container = new ContainerBuilder()
                .withName(PodNames.CONTAINER)
                .withImage(image)
                .withCommand(spec.command())
                .withEnv(env(spec))
                .withWorkingDir(workingDir(spec))
                .withNewResources().withRequests(quantities(spec.resources())).withLimits(quantities(spec.resources())).endResources()
                .build();
        String name = PodNames.pod(attempt);
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels(attempt, spec.project()))
                .withAnnotations(annotations(spec, binding))
                .endMetadata()
                .withNewSpec()
                // Bound now, or left for the scheduler no one but Lepton plays, which binds it next (PodBinder).
                .withNodeName(binding == PodBinding.NODE_NAME ? spec.node() : null)
                .withSchedulerName(binding == PodBinding.BINDING ? PodBinding.SCHEDULER_NAME : null)
                .withRestartPolicy("Never")
                // <pod>.<service>.<namespace>.svc resolves to the pod: how the gang reaches rank 0.
                .withHostname(name).withSubdomain(PodNames.service(attempt.jobUid(), attempt.epoch()))
                .withTolerations(tolerations)
                // Deletions Lepton does not make (a drain, an eviction) give the worker its job's grace too.
                .withTerminationGracePeriodSeconds(spec.stopGrace().map(WorkerPods::graceSeconds).orElse(null))
                // Workers have no business with the API server, nor with every service's variables.
                .withAutomountServiceAccountToken(false).withEnableServiceLinks(false)
                .withContainers(container)
                .endSpec()
                .build();
    }

    private static Map<String, String> annotations(LaunchSpec spec, PodBinding binding) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(PodNames.ATTEMPT_ANNOTATION, spec.attempt().toString());
        annotations.put(PodNames.JOB_ANNOTATION, spec.attempt().jobUid());
        if (binding == PodBinding.BINDING) {
            annotations.put(PodNames.NODE_ANNOTATION, spec.node());
        }
        return annotations;
    }

    /** What binds pod {@code name} to {@code node}, as a scheduler posts it to the pod's {@code binding} subresource. */
    static Binding binding(String name, String namespace, String node) {
        return new BindingBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewTarget().withApiVersion("v1").withKind("Node").withName(node).endTarget().build();
    }

    /**
     * A grace period as the API has it: whole seconds, rounded up, and at least one. With none the API server
     * forgets a deleted pod at once, and nothing records how its worker ended.
     */
    static long graceSeconds(Duration grace) {
        return Math.max(1, grace.toSeconds() + (grace.toNanosPart() > 0 ? 1 : 0));
    }

    /** The gang's headless service: no cluster IP, every pod of the attempt published as soon as it has an address. */
    static Service service(AttemptId attempt, String namespace) {
        String name = PodNames.service(attempt.jobUid(), attempt.epoch());
        Map<String, String> selector = Map.of(PodNames.JOB_LABEL, PodNames.labelValue(attempt.jobUid()),
                PodNames.EPOCH_LABEL, Integer.toString(attempt.epoch()));
        Map<String, String> labels = new LinkedHashMap<>(selector);
        labels.put(PodNames.MANAGED_BY_LABEL, PodNames.MANAGED_BY);
        return new ServiceBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels)
                .withAnnotations(Map.of(PodNames.JOB_ANNOTATION, attempt.jobUid())).endMetadata()
                .withNewSpec().withClusterIP("None").withSelector(selector).withPublishNotReadyAddresses(true).endSpec()
                .build();
    }

    static Map<String, String> labels(AttemptId attempt, String project) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(PodNames.JOB_LABEL, PodNames.labelValue(attempt.jobUid()));
        labels.put(PodNames.EPOCH_LABEL, Integer.toString(attempt.epoch()));
        labels.put(PodNames.RANK_LABEL, Integer.toString(attempt.rank()));
        labels.put(PodNames.PROJECT_LABEL, project);
        labels.put(PodNames.MANAGED_BY_LABEL, PodNames.MANAGED_BY);
        return labels;
    }

    /**
     * The spec's environment, with {@value #ATTEMPT_ID_VARIABLE} as on every executor. The device plugin
     * chooses which of the node's GPUs the container gets and shows them as 0 to n-1: the indices Lepton
     * counted on the node mean nothing inside, so {@code CUDA_VISIBLE_DEVICES} names the NVIDIA GPUs the container
     * sees. Other vendors' plugins show the container its devices and nothing else; no variable is needed.
     */
    private static List<EnvVar> env(LaunchSpec spec) {
        Map<String, String> env = new LinkedHashMap<>(spec.env());
        env.put(CUDA_VISIBLE_DEVICES, IntStream.range(0, spec.resources().accelerator(NVIDIA_GPU)).mapToObj(Integer::toString)
                .collect(Collectors.joining(",")));
        env.put(ATTEMPT_ID_VARIABLE, spec.attempt().toString());
        return env.entrySet().stream().map(e -> new EnvVar(e.getKey(), e.getValue(), null)).toList();
    }

    /** An absolute directory in the image; none: the image's own. A relative one has nothing to be relative to. */
    private static String workingDir(LaunchSpec spec) {
        String dir = spec.workingDir().orElse(null);
        if (dir != null && !dir.startsWith("/")) {
            throw refused(spec.attempt(), "working directory " + dir + " must be absolute in the image");
        }
        return dir;
    }

    /**
     * Requests equal to limits, as Lepton's own executor holds a worker to what it asked for (Guaranteed QoS);
     * each accelerator under its own resource name, which is what the node's device plugin offers.
     */
    private static Map<String, Quantity> quantities(Resources resources) {
        Map<String, Quantity> quantities = new LinkedHashMap<>();
        quantities.put("cpu", new Quantity(resources.cpuMillis() + "m"));
        quantities.put("memory", new Quantity(Long.toString(resources.memoryBytes())));
        resources.accelerators().asMap().forEach((name, count) -> quantities.put(name, new Quantity(Integer.toString(count))));
        return quantities;
    }

    private static LaunchFailedException refused(AttemptId attempt, String why) {
        return new LaunchFailedException("cannot run attempt " + attempt + " as a pod: " + why, null);
    }
}
