package dev.lepton.core.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSignatureTest {
    private static final TensorSpec IMAGES = new TensorSpec("x", DataType.FP32, List.of(-1L, 3L, -1L, -1L));
    private static final TensorSpec PROBABILITIES = new TensorSpec("p", DataType.FP32, List.of(-1L, 2L));

    @Test
    void a_model_whose_inputs_and_outputs_all_start_with_a_dynamic_dimension_takes_batches() {
        assertThat(new ModelSignature(List.of(IMAGES), List.of(PROBABILITIES)).batchable()).isTrue();
    }

    @Test
    void a_scalar_or_a_fixed_first_dimension_anywhere_makes_a_model_run_each_request_alone() {
        TensorSpec sampleRate = new TensorSpec("sr", DataType.INT64, List.of());
        TensorSpec state = new TensorSpec("state", DataType.FP32, List.of(2L, -1L, 128L));

        assertThat(new ModelSignature(List.of(IMAGES, sampleRate), List.of(PROBABILITIES)).batchable()).isFalse();
        assertThat(new ModelSignature(List.of(IMAGES, state), List.of(PROBABILITIES)).batchable()).isFalse();
        assertThat(new ModelSignature(List.of(IMAGES), List.of(state)).batchable()).isFalse();
    }

    @Test
    void a_spec_accepts_any_size_where_it_is_dynamic_and_only_its_own_size_elsewhere() {
        assertThat(IMAGES.accepts(List.of(4L, 3L, 48L, 192L))).isTrue();
        assertThat(IMAGES.accepts(List.of(4L, 1L, 48L, 192L))).isFalse();
        assertThat(IMAGES.accepts(List.of(4L, 3L, 48L))).isFalse();
        assertThat(IMAGES.concreteShape(1)).containsExactly(1L, 3L, 1L, 1L);
    }

    @Test
    void names_are_unique_and_dimensions_are_sizes_or_dynamic() {
        assertThatThrownBy(() -> new ModelSignature(List.of(IMAGES, IMAGES), List.of())).hasMessage("input 'x' appears twice");
        assertThatThrownBy(() -> new TensorSpec("x", DataType.FP32, List.of(-2L))).hasMessageContaining("-1 (dynamic)");
    }
}
