package dev.lepton.kubernetes.pod;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.Usage;
import dev.lepton.core.execution.WorkerExit;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;
import java.util.Set;

/**
 * What a worker's pod says of it: still going, ended (its container's exit code, {@code OOMKilled}), or
 * unable to start (an image that cannot be pulled: the pod would wait for ever, so it is failed and
 * deleted). Pure: a pod in, an outcome out.
 */
sealed interface PodOutcome {
    /** Waiting reasons that mean the image will not come without someone changing the job or the registry. */
    Set<String> IMAGE_FAILURES = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull");
    /** Terminated reasons that say only that the process exited; any other says how ({@code OOMKilled}, {@code StartError}). */
    Set<String> PLAIN_EXITS = Set.of("Completed", "Error");

    /** Pending or running: nothing to report yet. */
    record Going() implements PodOutcome {}

    /** Ended on its own or by the node (phase {@code Succeeded} or {@code Failed}). */
    record Ended(WorkerExit exit) implements PodOutcome {}

    /** Can never start: reported as a failure, and the pod deleted. */
    record CannotStart(WorkerExit exit) implements PodOutcome {}

    static PodOutcome of(AttemptId attempt, Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            return new Ended(terminated(pod).map(t -> exit(attempt, t)).orElseGet(() -> failedWithoutContainer(attempt, pod)));
        }
        return waiting(pod).filter(w -> IMAGE_FAILURES.contains(w.getReason()))
                .<PodOutcome>map(w -> new CannotStart(new WorkerExit(attempt, Optional.empty(), Usage.NONE, Optional.of(w.getReason()),
                        Optional.ofNullable(w.getMessage()))))
                .orElse(new Going());
    }

    /**
     * The pod is gone (deleted: by a stop, by hand, with its node). {@code last} is its final state as the
     * API server sent it: an exit code if the kubelet recorded the container's end first (143 after a stop's
     * SIGTERM), else the worker is lost.
     */
    static WorkerExit gone(AttemptId attempt, Pod last) {
        return terminated(last).map(t -> exit(attempt, t)).orElseGet(() -> new WorkerExit(attempt, Optional.empty(), Usage.NONE,
                Optional.empty(), Optional.of("its pod " + last.getMetadata().getName() + " was deleted before it ended")));
    }

    private static WorkerExit exit(AttemptId attempt, ContainerStateTerminated terminated) {
        Optional<String> reason = Optional.ofNullable(terminated.getReason()).filter(r -> !PLAIN_EXITS.contains(r));
        return new WorkerExit(attempt, Optional.ofNullable(terminated.getExitCode()), Usage.NONE, reason,
                reason.flatMap(r -> Optional.ofNullable(terminated.getMessage())).map(String::strip).filter(m -> !m.isEmpty()));
    }

    /** Failed before its container ran (evicted, refused by the kubelet for want of room): the pod's reason says why. */
    private static WorkerExit failedWithoutContainer(AttemptId attempt, Pod pod) {
        String reason = Optional.ofNullable(pod.getStatus().getReason()).orElse("Failed");
        return new WorkerExit(attempt, Optional.empty(), Usage.NONE, Optional.of(reason), Optional.ofNullable(pod.getStatus().getMessage()));
    }

    private static Optional<ContainerStateTerminated> terminated(Pod pod) {
        return state(pod).map(ContainerState::getTerminated);
    }

    private static Optional<ContainerStateWaiting> waiting(Pod pod) {
        return state(pod).map(ContainerState::getWaiting);
    }

    private static Optional<ContainerState> state(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream().filter(s -> PodNames.CONTAINER.equals(s.getName()))
                .map(ContainerStatus::getState).filter(s -> s != null).findFirst();
    }
}
