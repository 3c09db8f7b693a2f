package dev.lepton.kubernetes.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.energy.Provenance;
import dev.lepton.core.energy.WorkerEnergy;
import dev.lepton.kubernetes.ClusterNodes;
import dev.lepton.kubernetes.usage.NodePowerModels;
import dev.lepton.kubernetes.usage.NodePowerModels.NodeModel;
import org.junit.jupiter.api.Test;

/** How a worker's figure is marked when its parts come from Prometheus' counters and its node's model. */
class PodSamplingTest {
    /** A profile for the CPUs only: the GPUs' range comes from the table. */
    private static final NodeModel GPU_NODE = NodePowerModels.bundled().of(ClusterNodes.node("gpu-1").cpu("8")
            .gpus(2, "NVIDIA-H100-80GB-HBM3", 81_559).annotation(NodePowerModels.PROFILE_ANNOTATION, "cpu=40..200").build());

    @Test
    void a_worker_without_gpus_is_measured_where_kepler_counted_it_and_modelled_otherwise() {
        assertThat(PodSampling.figure(10, true, false, false, GPU_NODE)).isEqualTo(new WorkerEnergy(10, "prometheus:kepler"));
        assertThat(PodSampling.figure(10, false, false, false, GPU_NODE)).isEqualTo(WorkerEnergy.modelled(10, "model:profile"));
    }

    @Test
    void a_gpu_worker_is_measured_only_where_both_kepler_and_dcgm_counted_it() {
        assertThat(PodSampling.figure(10, true, true, true, GPU_NODE)).isEqualTo(new WorkerEnergy(10, "prometheus:kepler+dcgm"));
        assertThat(PodSampling.figure(10, false, false, true, GPU_NODE)).isEqualTo(WorkerEnergy.modelled(10, "model:profile"));
    }

    @Test
    void a_gpu_worker_with_one_part_counted_is_modelled_and_its_source_names_the_counter_and_the_model_of_the_other_part() {
        WorkerEnergy dcgmOnly = PodSampling.figure(10, false, true, true, GPU_NODE);
        WorkerEnergy keplerOnly = PodSampling.figure(10, true, false, true, GPU_NODE);

        assertThat(dcgmOnly).isEqualTo(WorkerEnergy.modelled(10, "prometheus:dcgm+model:profile"));
        assertThat(keplerOnly).isEqualTo(WorkerEnergy.modelled(10, "prometheus:kepler+model:tdp-table"));
        assertThat(keplerOnly.provenance()).isEqualTo(Provenance.MODELLED);
    }
}
