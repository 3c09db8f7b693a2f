package dev.lepton.kubernetes.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.WorkerExit;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a pod's status says of its worker, as the kubelet writes it. */
class PodOutcomeTest {
    private static final AttemptId ATTEMPT = new AttemptId("job", 1, 0);

    private static Pod pod(String phase, ContainerState state) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withName("lepton-job-1-0").endMetadata().withNewStatus().withPhase(phase)
                .endStatus();
        if (state != null) {
            pod.editStatus().addNewContainerStatus().withName("worker").withState(state).endContainerStatus().endStatus();
        }
        return pod.build();
    }

    private static ContainerState terminated(int code, String reason, String message) {
        return new ContainerStateBuilder().withNewTerminated().withExitCode(code).withReason(reason).withMessage(message).endTerminated().build();
    }

    private static WorkerExit ended(Pod pod) {
        return ((PodOutcome.Ended) PodOutcome.of(ATTEMPT, pod)).exit();
    }

    @Test
    void a_pending_or_running_pod_says_nothing_yet() {
        assertThat(PodOutcome.of(ATTEMPT, pod("Pending", null))).isInstanceOf(PodOutcome.Going.class);
        assertThat(PodOutcome.of(ATTEMPT, new PodBuilder().withNewMetadata().withName("p").endMetadata().build()))
                .isInstanceOf(PodOutcome.Going.class);
        assertThat(PodOutcome.of(ATTEMPT, pod("Running", new ContainerStateBuilder().withNewRunning().endRunning().build())))
                .isInstanceOf(PodOutcome.Going.class);
        assertThat(PodOutcome.of(ATTEMPT, pod("Pending", new ContainerStateBuilder().withNewWaiting().withReason("ContainerCreating")
                .endWaiting().build()))).isInstanceOf(PodOutcome.Going.class);
    }

    @Test
    void an_ended_pod_gives_its_container_s_exit_code() {
        assertThat(ended(pod("Succeeded", terminated(0, "Completed", null)))).isEqualTo(new WorkerExit(ATTEMPT, Optional.of(0),
                dev.lepton.core.execution.Usage.NONE));
        assertThat(ended(pod("Failed", terminated(3, "Error", null))).exitCode()).contains(3);
        assertThat(ended(pod("Failed", terminated(3, "Error", null))).reason()).isEmpty();
    }

    @Test
    void a_container_killed_over_its_memory_limit_is_oomkilled() {
        WorkerExit exit = ended(pod("Failed", terminated(137, "OOMKilled", null)));

        assertThat(exit.exitCode()).contains(137);
        assertThat(exit.oomKilled()).isTrue();
    }

    @Test
    void a_container_that_could_not_run_its_command_says_how_in_the_runtime_s_words() {
        WorkerExit exit = ended(pod("Failed", terminated(128, "StartError", "exec: \"pyhton\": executable file not found in $PATH\n")));

        assertThat(exit.exitCode()).contains(128);
        assertThat(exit.reason()).contains("StartError");
        assertThat(exit.message()).contains("exec: \"pyhton\": executable file not found in $PATH");
    }

    @Test
    void an_image_that_cannot_be_pulled_is_a_failure_to_start_with_the_runtime_s_reason_and_message() {
        for (String reason : new String[] {"ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull"}) {
            PodOutcome outcome = PodOutcome.of(ATTEMPT, pod("Pending", new ContainerStateBuilder().withNewWaiting().withReason(reason)
                    .withMessage("pull access denied for nope").endWaiting().build()));

            assertThat(outcome).isInstanceOf(PodOutcome.CannotStart.class);
            WorkerExit exit = ((PodOutcome.CannotStart) outcome).exit();
            assertThat(exit.exitCode()).as(reason).isEmpty();
            assertThat(exit.reason()).contains(reason);
            assertThat(exit.message()).contains("pull access denied for nope");
            assertThat(exit.lost()).isFalse();
        }
    }

    @Test
    void a_pod_that_failed_before_its_container_ran_gives_the_pod_s_reason() {
        Pod evicted = new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewStatus().withPhase("Failed").withReason("Evicted")
                .withMessage("The node was low on resource: memory.").endStatus().build();

        WorkerExit exit = ended(evicted);

        assertThat(exit.exitCode()).isEmpty();
        assertThat(exit.reason()).contains("Evicted");
        assertThat(exit.message()).contains("The node was low on resource: memory.");
    }

    @Test
    void a_pod_deleted_after_its_container_ended_gives_the_code_and_one_deleted_before_is_lost() {
        WorkerExit stopped = PodOutcome.gone(ATTEMPT, pod("Running", terminated(143, "Error", null)));
        WorkerExit vanished = PodOutcome.gone(ATTEMPT, pod("Running", new ContainerStateBuilder().withNewRunning().endRunning().build()));

        assertThat(stopped.exitCode()).contains(143);
        assertThat(vanished.lost()).isTrue();
        assertThat(vanished.message()).contains("its pod lepton-job-1-0 was deleted before it ended");
    }
}
