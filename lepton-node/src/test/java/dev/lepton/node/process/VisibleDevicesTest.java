package dev.lepton.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.node.GpuDevice;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VisibleDevicesTest {
    private static GpuDevice nvidia(int index) {
        return new GpuDevice(index, "GPU-n" + index, "H100", 0, 0);
    }

    private static GpuDevice amd(int index) {
        return new GpuDevice(index, "GPU-a" + index, "MI300X", 0, 0, "amd.com/gpu");
    }

    @Test
    void a_machine_without_amd_gpus_leaves_the_servers_cuda_visible_devices_alone() {
        assertThat(VisibleDevices.of(List.of(nvidia(0), nvidia(1))).variables(List.of(1))).isEmpty();
        assertThat(VisibleDevices.NONE.variables(List.of())).isEmpty();
    }

    @Test
    void amd_gpus_are_named_by_their_rocm_index_to_rocr_and_counted_from_zero_for_hip() {
        VisibleDevices four = VisibleDevices.of(List.of(amd(0), amd(1), amd(2), amd(3)));

        assertThat(four.variables(List.of(1, 3))).containsExactly(Map.entry("CUDA_VISIBLE_DEVICES", "0,1"),
                Map.entry("ROCR_VISIBLE_DEVICES", "1,3"), Map.entry("HIP_VISIBLE_DEVICES", "0,1"));
        assertThat(four.variables(List.of())).as("none held: none visible").containsExactly(Map.entry("CUDA_VISIBLE_DEVICES", ""),
                Map.entry("ROCR_VISIBLE_DEVICES", ""), Map.entry("HIP_VISIBLE_DEVICES", ""));
    }

    @Test
    void on_a_machine_of_both_each_runtime_gets_its_own_devices_by_its_own_indices() {
        VisibleDevices mixed = VisibleDevices.of(List.of(nvidia(0), nvidia(1), amd(2), amd(3)));

        assertThat(mixed.variables(List.of(0, 3))).containsExactly(Map.entry("CUDA_VISIBLE_DEVICES", "0"),
                Map.entry("ROCR_VISIBLE_DEVICES", "1"), Map.entry("HIP_VISIBLE_DEVICES", "0"));
        assertThat(mixed.variables(List.of(1))).containsExactly(Map.entry("CUDA_VISIBLE_DEVICES", "1"),
                Map.entry("ROCR_VISIBLE_DEVICES", ""), Map.entry("HIP_VISIBLE_DEVICES", ""));
    }
}
