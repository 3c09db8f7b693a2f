package dev.lepton.kubernetes.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.kubernetes.PodBinding;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a worker's pod asked for, as its share of its node's modelled power reads it. */
class WatchedPodTest {
    private static final AttemptId ATTEMPT = new AttemptId("0b5c3c9e-6a3f-4a1e-9d7e-1c2b3a4d5e6f", 1, 0);

    @Test
    void a_pod_s_gpus_are_its_accelerators_of_every_resource_name() {
        var amd = WorkerPods.pod(Workers.spec(ATTEMPT, "mi300-a").cpuMillis(1_500).accelerators("amd.com/gpu", 0, 1).build(), "ml",
                List.of(), PodBinding.NODE_NAME);
        var nvidia = WorkerPods.pod(Workers.spec(ATTEMPT, "h100-a").gpus(3).build(), "ml", List.of(), PodBinding.NODE_NAME);

        assertThat(WatchedPod.Requested.of(amd, "mi300-a")).isEqualTo(new WatchedPod.Requested("mi300-a", 1_500, 2));
        assertThat(WatchedPod.Requested.of(nvidia, "h100-a").gpus()).isEqualTo(1);
    }
}
