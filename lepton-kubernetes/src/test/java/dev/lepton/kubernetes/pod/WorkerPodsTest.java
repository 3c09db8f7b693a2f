package dev.lepton.kubernetes.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.LaunchFailedException;
import dev.lepton.kubernetes.PodBinding;
import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WorkerPodsTest {
    private static final AttemptId RANK_1 = new AttemptId("0b5c3c9e-6a3f-4a1e-9d7e-1c2b3a4d5e6f", 2, 1);

    private static Map<String, String> env(Container container) {
        return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    @Test
    void a_worker_is_a_pod_bound_to_its_node_running_its_image_and_command_held_to_what_it_asked_for() {
        Pod pod = WorkerPods.pod(Workers.spec(RANK_1, "gpu-7").image("python:3.12-slim").command("python", "train.py")
                .cpuMillis(2_500).memoryBytes(4L << 30).gpus(4, 5).build(), "ml", List.of(), PodBinding.NODE_NAME);
        Container container = pod.getSpec().getContainers().getFirst();

        assertThat(pod.getMetadata().getName()).isEqualTo("lepton-0b5c3c9e-6a3f-4a1e-9d7e-1c2b3a4d5e6f-2-1");
        assertThat(pod.getMetadata().getNamespace()).isEqualTo("ml");
        assertThat(pod.getSpec().getNodeName()).isEqualTo("gpu-7");
        assertThat(pod.getSpec().getSchedulerName()).as("no scheduler but Lepton's choice").isNull();
        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(container.getImage()).isEqualTo("python:3.12-slim");
        assertThat(container.getCommand()).containsExactly("python", "train.py");
        Map<String, Quantity> expected = Map.of("cpu", new Quantity("2500m"), "memory", new Quantity(Long.toString(4L << 30)),
                "nvidia.com/gpu", new Quantity("2"));
        assertThat(container.getResources().getRequests()).isEqualTo(expected);
        assertThat(container.getResources().getLimits()).isEqualTo(expected);
        assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
    }

    @Test
    void an_accelerator_other_than_nvidia_s_is_requested_and_limited_under_its_own_resource_name() {
        Pod pod = WorkerPods.pod(Workers.spec(RANK_1, "mi300-1").cpuMillis(1_000).memoryBytes(1L << 30).accelerators("amd.com/gpu", 2, 3)
                .build(), "ml", List.of(), PodBinding.NODE_NAME);
        Container container = pod.getSpec().getContainers().getFirst();

        Map<String, Quantity> expected = Map.of("cpu", new Quantity("1000m"), "memory", new Quantity(Long.toString(1L << 30)),
                "amd.com/gpu", new Quantity("2"));
        assertThat(container.getResources().getRequests()).isEqualTo(expected);
        assertThat(container.getResources().getLimits()).isEqualTo(expected);
        assertThat(env(container)).as("no NVIDIA GPU to show").containsEntry("CUDA_VISIBLE_DEVICES", "");
    }

    @Test
    void for_the_binding_subresource_a_pod_is_made_unbound_for_lepton_s_scheduler_with_its_node_in_an_annotation() {
        Pod pod = WorkerPods.pod(Workers.spec(RANK_1, "gpu-7").build(), "ml", List.of(), PodBinding.BINDING);

        assertThat(pod.getSpec().getNodeName()).isNull();
        assertThat(pod.getSpec().getSchedulerName()).isEqualTo("lepton");
        assertThat(pod.getMetadata().getAnnotations()).containsEntry("lepton.dev/node", "gpu-7")
                .containsEntry("lepton.dev/attempt", RANK_1.toString());
        assertThat(WorkerPods.pod(Workers.spec(RANK_1, "gpu-7").build(), "ml", List.of(), PodBinding.NODE_NAME).getMetadata()
                .getAnnotations()).doesNotContainKey("lepton.dev/node");
    }

    @Test
    void a_binding_names_the_pod_and_targets_its_node_as_a_scheduler_posts_it() {
        Binding binding = WorkerPods.binding("lepton-job-1-0", "ml", "gpu-7");

        assertThat(binding.getMetadata().getName()).isEqualTo("lepton-job-1-0");
        assertThat(binding.getMetadata().getNamespace()).isEqualTo("ml");
        assertThat(binding.getTarget().getKind()).isEqualTo("Node");
        assertThat(binding.getTarget().getApiVersion()).isEqualTo("v1");
        assertThat(binding.getTarget().getName()).isEqualTo("gpu-7");
    }

    @Test
    void the_job_s_stop_grace_is_the_pod_s_in_whole_seconds_rounded_up_at_least_one_and_none_leaves_kubernetes_default() {
        assertThat(WorkerPods.pod(Workers.spec(RANK_1, "n").stopGrace(Duration.ofSeconds(90)).build(), "ml", List.of(), PodBinding.NODE_NAME).getSpec()
                .getTerminationGracePeriodSeconds()).isEqualTo(90L);
        assertThat(WorkerPods.pod(Workers.spec(RANK_1, "n").stopGrace(Duration.ofMillis(2_100)).build(), "ml", List.of(), PodBinding.NODE_NAME).getSpec()
                .getTerminationGracePeriodSeconds()).isEqualTo(3L);
        assertThat(WorkerPods.pod(Workers.spec(RANK_1, "n").stopGrace(Duration.ZERO).build(), "ml", List.of(), PodBinding.NODE_NAME).getSpec()
                .getTerminationGracePeriodSeconds()).isEqualTo(1L);
        assertThat(WorkerPods.pod(Workers.spec(RANK_1, "n").build(), "ml", List.of(), PodBinding.NODE_NAME).getSpec().getTerminationGracePeriodSeconds()).isNull();
    }

    @Test
    void the_environment_contract_travels_with_the_attempt_id_and_the_gpus_as_the_container_numbers_them() {
        Pod pod = WorkerPods.pod(Workers.spec(RANK_1, "gpu-7").env("EPOCHS", "3").gpus(4, 5).build(), "ml", List.of(), PodBinding.NODE_NAME);

        assertThat(env(pod.getSpec().getContainers().getFirst())).containsEntry("EPOCHS", "3").containsEntry("LEPTON_WORKER_RANK", "1")
                .containsEntry("LEPTON_ATTEMPT_ID", RANK_1.toString())
                .containsEntry("CUDA_VISIBLE_DEVICES", "0,1");
        assertThat(env(WorkerPods.pod(Workers.spec(RANK_1, "cpu-1").build(), "ml", List.of(), PodBinding.NODE_NAME).getSpec().getContainers().getFirst()))
                .containsEntry("CUDA_VISIBLE_DEVICES", "");
    }

    @Test
    void a_pod_carries_its_attempt_in_labels_and_an_annotation_and_is_named_in_its_gang_s_service() {
        Pod pod = WorkerPods.pod(Workers.spec(RANK_1, "n").build(), "ml", List.of(), PodBinding.NODE_NAME);

        assertThat(pod.getMetadata().getLabels()).containsEntry("lepton.dev/job-uid", RANK_1.jobUid()).containsEntry("lepton.dev/epoch", "2")
                .containsEntry("lepton.dev/rank", "1").containsEntry("lepton.dev/project", "vision")
                .containsEntry("app.kubernetes.io/managed-by", "lepton");
        assertThat(pod.getMetadata().getAnnotations()).containsEntry("lepton.dev/attempt", RANK_1.toString());
        assertThat(pod.getSpec().getHostname()).isEqualTo(pod.getMetadata().getName());
        assertThat(pod.getSpec().getSubdomain()).isEqualTo("lepton-0b5c3c9e-6a3f-4a1e-9d7e-1c2b3a4d5e6f-2");
    }

    @Test
    void the_gang_s_service_is_headless_selects_its_attempt_s_pods_and_publishes_them_before_they_are_ready() {
        Service service = WorkerPods.service(new AttemptId(RANK_1.jobUid(), 2, 0), "ml");

        assertThat(service.getMetadata().getName()).isEqualTo("lepton-0b5c3c9e-6a3f-4a1e-9d7e-1c2b3a4d5e6f-2");
        assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(service.getSpec().getSelector()).isEqualTo(Map.of("lepton.dev/job-uid", RANK_1.jobUid(), "lepton.dev/epoch", "2"));
        assertThat(service.getSpec().getPublishNotReadyAddresses()).isTrue();
    }

    @Test
    void the_node_s_taints_that_lepton_placed_by_are_tolerated() {
        Toleration dedicated = new TolerationBuilder().withKey("dedicated").withOperator("Equal").withValue("vision")
                .withEffect("NoExecute").build();

        Pod pod = WorkerPods.pod(Workers.spec(RANK_1, "n").build(), "ml", List.of(dedicated), PodBinding.NODE_NAME);

        assertThat(pod.getSpec().getTolerations()).containsExactly(dedicated);
    }

    @Test
    void an_absolute_working_directory_is_the_container_s_and_none_leaves_the_image_s() {
        assertThat(WorkerPods.pod(Workers.spec(RANK_1, "n").workingDir("/workspace").build(), "ml", List.of(), PodBinding.NODE_NAME)
                .getSpec().getContainers().getFirst().getWorkingDir()).isEqualTo("/workspace");
        assertThat(WorkerPods.pod(Workers.spec(RANK_1, "n").build(), "ml", List.of(), PodBinding.NODE_NAME).getSpec().getContainers().getFirst().getWorkingDir())
                .isNull();
    }

    @Test
    void a_worker_without_an_image_with_shipped_code_or_a_relative_directory_cannot_be_a_pod_and_says_why() {
        assertThatThrownBy(() -> WorkerPods.pod(Workers.spec(RANK_1, "n").image(null).build(), "ml", List.of(), PodBinding.NODE_NAME))
                .isInstanceOf(LaunchFailedException.class).hasMessageContaining(RANK_1.toString()).hasMessageContaining("names no image");
        assertThatThrownBy(() -> WorkerPods.pod(Workers.spec(RANK_1, "n").code("a".repeat(64)).build(), "ml", List.of(), PodBinding.NODE_NAME))
                .isInstanceOf(LaunchFailedException.class).hasMessageContaining("build it into the image");
        assertThatThrownBy(() -> WorkerPods.pod(Workers.spec(RANK_1, "n").workingDir("src").build(), "ml", List.of(), PodBinding.NODE_NAME))
                .isInstanceOf(LaunchFailedException.class).hasMessageContaining("working directory src must be absolute");
    }
}
