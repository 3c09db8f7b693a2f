package dev.lepton.core.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class TensorTest {
    @Test
    void rows_of_several_tensors_stack_along_dimension_zero_and_slice_back_apart() {
        Tensor first = Tensor.ofFloats(List.of(1L, 2L), 1, 2);
        Tensor second = Tensor.ofFloats(List.of(2L, 2L), 3, 4, 5, 6);

        Tensor stacked = Tensor.concatRows(List.of(first, second));

        assertThat(stacked.shape()).containsExactly(3L, 2L);
        assertThat(stacked.floats()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(stacked.sliceRows(0, 1)).isEqualTo(first);
        assertThat(stacked.sliceRows(1, 2)).isEqualTo(second);
    }

    @Test
    void tensors_that_differ_beyond_dimension_zero_do_not_stack() {
        Tensor narrow = Tensor.ofFloats(List.of(1L, 2L), 1, 2);
        Tensor wide = Tensor.ofFloats(List.of(1L, 3L), 1, 2, 3);

        assertThatThrownBy(() -> Tensor.concatRows(List.of(narrow, wide))).hasMessage("cannot stack FP32[1, 3] on FP32[1, 2]");
        assertThatThrownBy(() -> Tensor.concatRows(List.of(narrow, Tensor.zeros(DataType.FP64, List.of(1L, 2L)))))
                .hasMessageContaining("cannot stack FP64");
    }

    @Test
    void the_bytes_must_be_exactly_what_the_shape_and_type_hold() {
        assertThatThrownBy(() -> new Tensor(DataType.FP32, List.of(2L, 2L), ByteBuffer.allocate(12)))
                .hasMessage("shape [2, 2] of FP32 needs 16 bytes, got 12");
        assertThatThrownBy(() -> new Tensor(DataType.BYTES, List.of(1L), ByteBuffer.allocate(0))).hasMessageContaining("not dense");
    }

    @Test
    void a_scalar_holds_one_element_and_has_no_rows() {
        Tensor sampleRate = Tensor.ofLongs(List.of(), 16000);

        assertThat(sampleRate.elementCount()).isOne();
        assertThat(sampleRate.data().getLong()).isEqualTo(16000);
        assertThatThrownBy(sampleRate::rows).hasMessage("a scalar has no rows");
    }

    @Test
    void the_data_cannot_be_changed_through_what_the_tensor_hands_out() {
        Tensor tensor = Tensor.ofFloats(List.of(2L), 1, 2);

        tensor.data().getFloat();

        assertThat(tensor.data().isReadOnly()).isTrue();
        assertThat(tensor.floats()).containsExactly(1, 2);
    }

    @Test
    void datatypes_are_the_protocols_names_case_sensitive() {
        assertThat(DataType.parse("FP32")).isEqualTo(DataType.FP32);
        assertThatThrownBy(() -> DataType.parse("fp32")).hasMessageStartingWith("'fp32' is not a datatype (names are upper case); use one of BOOL, UINT8");
        assertThatThrownBy(() -> DataType.parse("FLOAT")).hasMessageStartingWith("'FLOAT' is not a datatype; use one of");
    }
}
