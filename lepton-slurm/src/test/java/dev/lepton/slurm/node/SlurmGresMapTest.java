package dev.lepton.slurm.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SlurmGresMapTest {
    private static SlurmGres gres(String entry) {
        return SlurmGres.parse(entry);
    }

    @Test
    void by_default_gres_gpu_of_any_type_is_nvidias_gpu_and_nothing_else_is_an_accelerator() {
        SlurmGresMap map = SlurmGresMap.parse(List.of());

        assertThat(map).isEqualTo(SlurmGresMap.DEFAULT);
        assertThat(map.resourceOf(gres("gpu:a100:4"))).contains("nvidia.com/gpu");
        assertThat(map.resourceOf(gres("gpu:2"))).contains("nvidia.com/gpu");
        assertThat(map.resourceOf(gres("mps:200"))).isEmpty();
        assertThat(map.gresOf("nvidia.com/gpu")).contains(new SlurmGresMap.Entry("gpu", Optional.empty(), "nvidia.com/gpu"));
        assertThat(map.gresOf("amd.com/gpu")).isEmpty();
    }

    @Test
    void a_typed_entry_wins_over_its_names_entry_and_other_names_join_the_default() {
        SlurmGresMap map = SlurmGresMap.parse(List.of("gpu:mi300x=amd.com/gpu", "gaudi=habana.ai/gaudi"));

        assertThat(map.resourceOf(gres("gpu:mi300x:8"))).contains("amd.com/gpu");
        assertThat(map.resourceOf(gres("gpu:h100:8"))).contains("nvidia.com/gpu");
        assertThat(map.resourceOf(gres("gaudi:8"))).contains("habana.ai/gaudi");
        assertThat(map.gresOf("amd.com/gpu")).contains(new SlurmGresMap.Entry("gpu", Optional.of("mi300x"), "amd.com/gpu"));
        assertThat(map).hasToString("gpu=nvidia.com/gpu,gpu:mi300x=amd.com/gpu,gaudi=habana.ai/gaudi");
    }

    @Test
    void an_entry_for_gpu_replaces_the_default() {
        SlurmGresMap map = SlurmGresMap.parse(List.of("gpu=amd.com/gpu"));

        assertThat(map.resourceOf(gres("gpu:mi250:4"))).contains("amd.com/gpu");
        assertThat(map.gresOf("nvidia.com/gpu")).isEmpty();
    }

    @Test
    void bad_entries_are_refused_naming_the_flag_and_the_value() {
        assertThatThrownBy(() -> SlurmGresMap.parse(List.of("gpu")))
                .hasMessage("--slurm-gres: must be NAME[:TYPE]=RESOURCE such as gpu:mi300x=amd.com/gpu (got 'gpu')");
        assertThatThrownBy(() -> SlurmGresMap.parse(List.of("gpu:a:b=amd.com/gpu")))
                .hasMessage("--slurm-gres: must be NAME[:TYPE]=RESOURCE such as gpu:mi300x=amd.com/gpu (got 'gpu:a:b=amd.com/gpu')");
        assertThatThrownBy(() -> SlurmGresMap.parse(List.of("gpu:mi300x=AMD")))
                .hasMessageStartingWith("--slurm-gres gpu:mi300x: 'AMD' must be a resource name DOMAIN/NAME");
        assertThatThrownBy(() -> SlurmGresMap.parse(List.of("mps=nvidia.com/mps")))
                .hasMessage("--slurm-gres: mps is a share of a GPU in Slurm, not a device a worker can be pinned to (got 'mps=nvidia.com/mps')");
        assertThatThrownBy(() -> SlurmGresMap.parse(List.of("gaudi=habana.ai/gaudi", "gaudi=habana.ai/gaudi2")))
                .hasMessage("--slurm-gres: gaudi is given twice");
        assertThatThrownBy(() -> SlurmGresMap.parse(List.of("gpu:mi250=amd.com/gpu", "gpu:mi300x=amd.com/gpu")))
                .hasMessage("--slurm-gres: amd.com/gpu is mapped from both gpu:mi250 and gpu:mi300x; a resource comes from one GRES, which a launch"
                        + " asks Slurm for");
        assertThatThrownBy(() -> SlurmGresMap.parse(List.of("gaudi=nvidia.com/gpu")))
                .hasMessageStartingWith("--slurm-gres: nvidia.com/gpu is mapped from both gpu and gaudi");
    }
}
