package dev.lepton.core.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CPU, memory and accelerators by resource name: arithmetic name by name, and what is short said by name. */
class ResourcesTest {
    private static final long GiB = 1L << 30;
    private static final String AMD = "amd.com/gpu";
    private static final String NVIDIA = Accelerators.NVIDIA_GPU;
    private static final String TPU = "google.com/tpu";

    private static Resources worker(long cpuMillis, long memoryGiB, Map<String, Integer> accelerators) {
        return new Resources(cpuMillis, memoryGiB * GiB, Accelerators.of(accelerators));
    }

    @Nested
    class Accelerators_ {
        @Test
        void counts_are_kept_by_name_in_name_order_and_a_name_with_none_is_left_out() {
            Accelerators mixed = Accelerators.of(Map.of(NVIDIA, 2, AMD, 4, TPU, 0));

            assertThat(mixed.asMap()).containsExactly(entry(AMD, 4), entry(NVIDIA, 2));
            assertThat(mixed.get(AMD)).isEqualTo(4);
            assertThat(mixed.get(TPU)).isZero();
            assertThat(mixed.total()).isEqualTo(6);
            assertThat(mixed).hasToString("amd.com/gpu=4 nvidia.com/gpu=2");
            assertThat(Accelerators.of(Map.of(TPU, 0))).isSameAs(Accelerators.NONE);
        }

        @Test
        void equal_amounts_are_equal_however_they_were_made() {
            assertThat(Accelerators.of(Map.of(AMD, 2, NVIDIA, 1))).isEqualTo(Accelerators.of(AMD, 2).plus(Accelerators.nvidiaGpus(1)))
                    .hasSameHashCodeAs(Accelerators.nvidiaGpus(1).plus(Accelerators.of(AMD, 2)));
            assertThat(Accelerators.of(NVIDIA, 3)).isEqualTo(Accelerators.nvidiaGpus(3));
            assertThat(Accelerators.of(AMD, 3)).isNotEqualTo(Accelerators.nvidiaGpus(3));
        }

        @Test
        void sums_of_nvidia_gpus_are_shared_instances_so_the_scheduler_s_arithmetic_allocates_nothing_for_them() {
            assertThat(Accelerators.nvidiaGpus(3).plus(Accelerators.nvidiaGpus(5))).isSameAs(Accelerators.nvidiaGpus(8));
            assertThat(Accelerators.nvidiaGpus(8).minus(Accelerators.nvidiaGpus(8))).isSameAs(Accelerators.NONE);
            assertThat(Accelerators.nvidiaGpus(2).times(4)).isSameAs(Accelerators.nvidiaGpus(8));
        }

        @Test
        void arithmetic_goes_name_by_name() {
            Accelerators node = Accelerators.of(Map.of(AMD, 8, NVIDIA, 4));
            Accelerators worker = Accelerators.of(Map.of(AMD, 2, TPU, 1));

            assertThat(node.plus(worker).asMap()).containsExactly(entry(AMD, 10), entry(TPU, 1), entry(NVIDIA, 4));
            assertThat(node.minus(Accelerators.of(AMD, 2)).asMap()).containsExactly(entry(AMD, 6), entry(NVIDIA, 4));
            assertThat(worker.times(3).asMap()).containsExactly(entry(AMD, 6), entry(TPU, 3));
            assertThat(worker.times(3).dividedBy(3)).isEqualTo(worker);
            assertThat(node.atLeastZeroMinus(Accelerators.of(Map.of(AMD, 10, TPU, 1)))).isEqualTo(Accelerators.nvidiaGpus(4));
        }

        @Test
        void taking_more_than_there_is_is_a_caller_s_bug_named_by_resource() {
            assertThatThrownBy(() -> Accelerators.of(AMD, 1).minus(Accelerators.of(AMD, 2)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("amd.com/gpu");
            assertThatThrownBy(() -> Accelerators.nvidiaGpus(1).minus(Accelerators.of(TPU, 1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("google.com/tpu");
            assertThatThrownBy(() -> Accelerators.of(AMD, -1)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void devices_of_one_name_never_fit_in_devices_of_another() {
            Accelerators twoAmd = Accelerators.of(AMD, 2);

            assertThat(twoAmd.fitsIn(Accelerators.nvidiaGpus(8))).isFalse();
            assertThat(twoAmd.timesIn(Accelerators.nvidiaGpus(8))).isZero();
            assertThat(twoAmd.timesIn(Accelerators.of(Map.of(AMD, 7, NVIDIA, 8)))).isEqualTo(3);
            assertThat(Accelerators.of(Map.of(AMD, 1, NVIDIA, 1)).fitsIn(Accelerators.of(Map.of(AMD, 1, NVIDIA, 1, TPU, 4)))).isTrue();
            assertThat(Accelerators.NONE.timesIn(Accelerators.NONE)).isEqualTo(Long.MAX_VALUE);
        }

        @ParameterizedTest(name = "''{0}'' is a resource name")
        @ValueSource(strings = {"nvidia.com/gpu", "amd.com/gpu", "google.com/tpu", "habana.ai/gaudi", "gpu.intel.com/i915",
                "aws.amazon.com/neuroncore", "nvidia.com/mig-1g.10gb", "example.com/FPGA_a"})
        void extended_resource_names_are_accepted(String name) {
            assertThat(Accelerators.isValidName(name)).isTrue();
            assertThat(Accelerators.of(name, 1).get(name)).isEqualTo(1);
        }

        @ParameterizedTest(name = "''{0}'' is not")
        @ValueSource(strings = {"gpu", "nvidia.com/", "/gpu", "NVIDIA.com/gpu", "nvidia.com/gpu/x", "kubernetes.io/gpu",
                "node.kubernetes.io/gpu", "nvidia.com/-gpu", "nvidia.com/gpu:H100", "a b/c", ""})
        void anything_else_is_refused_with_what_a_name_looks_like(String name) {
            assertThat(Accelerators.isValidName(name)).isFalse();
            assertThatThrownBy(() -> Accelerators.of(name, 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("DOMAIN/NAME");
        }
    }

    @Test
    void the_three_argument_form_counts_nvidia_gpus_as_a_spec_s_gpus_does() {
        Resources r = new Resources(1_000, GiB, 2);

        assertThat(r.accelerators()).isEqualTo(Accelerators.nvidiaGpus(2));
        assertThat(r.accelerator(NVIDIA)).isEqualTo(2);
        assertThat(r.gpus()).isEqualTo(2);
        assertThat(new Resources(1_000, GiB, 0).accelerators().isEmpty()).isTrue();
    }

    @Test
    void gpus_counts_accelerator_devices_of_every_name_and_accelerator_one_name() {
        Resources r = worker(1_000, 1, Map.of(AMD, 2, TPU, 4, NVIDIA, 1));

        assertThat(r.gpus()).isEqualTo(7);
        assertThat(r.accelerator(AMD)).isEqualTo(2);
        assertThat(r.accelerator("habana.ai/gaudi")).isZero();
    }

    @Test
    void plus_minus_and_times_carry_every_accelerator_by_name() {
        Resources a = worker(1_000, 2, Map.of(AMD, 2));
        Resources b = worker(500, 1, Map.of(NVIDIA, 1, AMD, 1));

        assertThat(a.plus(b)).isEqualTo(worker(1_500, 3, Map.of(AMD, 3, NVIDIA, 1)));
        assertThat(a.plus(b).minus(a)).isEqualTo(b);
        assertThat(b.times(4)).isEqualTo(worker(2_000, 4, Map.of(NVIDIA, 4, AMD, 4)));
        assertThat(b.times(4)).hasToString("cpu=2 memory=4GiB amd.com/gpu=4 nvidia.com/gpu=4");
        assertThat(new Resources(500, GiB, 0)).hasToString("cpu=500m memory=1GiB");
    }

    @Test
    void a_worker_fits_only_where_every_accelerator_it_names_is_free_in_its_own_name() {
        Resources amdWorker = worker(1_000, 1, Map.of(AMD, 2));
        Resources nvidiaNode = worker(32_000, 256, Map.of(NVIDIA, 8));
        Resources mixedNode = worker(32_000, 256, Map.of(NVIDIA, 8, AMD, 5));

        assertThat(amdWorker.fitsIn(nvidiaNode)).isFalse();
        assertThat(amdWorker.timesIn(nvidiaNode)).isZero();
        assertThat(amdWorker.fitsIn(mixedNode)).isTrue();
        assertThat(amdWorker.timesIn(mixedNode)).as("five AMD GPUs hold two workers of two").isEqualTo(2);
        assertThat(new Resources(0, 0, 0).timesIn(nvidiaNode)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void the_shortfall_names_each_accelerator_that_is_short_then_cpu_and_memory() {
        Resources wants = worker(4_000, 64, Map.of(AMD, 2, NVIDIA, 1, TPU, 4));
        Resources free = worker(2_000, 128, Map.of(NVIDIA, 1, TPU, 1));

        assertThat(wants.shortfall(free)).containsExactly(
                "needs 2 amd.com/gpu, 0 free",
                "needs 4 google.com/tpu, 1 free",
                "needs 4 CPU, 2 free");
        assertThat(wants.fitsIn(free)).isFalse();
        assertThat(worker(1_000, 1, Map.of(NVIDIA, 1)).shortfall(free)).isEmpty();
    }
}
