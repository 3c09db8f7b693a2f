package dev.lepton.serving.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lepton.core.inference.DataType;
import dev.lepton.core.inference.InputRejectedException;
import dev.lepton.core.inference.LoadedModel;
import dev.lepton.core.inference.ModelLoadException;
import dev.lepton.core.inference.Tensor;
import dev.lepton.core.inference.TensorSpec;
import dev.lepton.serving.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ONNX Runtime behind the SPI: real models, their real signatures, the reference outputs of models/README.md. */
class OnnxModelRuntimeTest {
    private static final OnnxModelRuntime RUNTIME = new OnnxModelRuntime(1);

    @AfterAll
    static void close() {
        RUNTIME.close();
    }

    @Test
    void the_tribuo_model_describes_its_batched_input_and_output_and_gives_the_reference_probabilities() {
        try (LoadedModel tribuo = RUNTIME.load(TestModels.TRIBUO.toString())) {
            assertThat(tribuo.signature().inputs()).containsExactly(new TensorSpec("input", DataType.FP32, List.of(-1L, 4L)));
            assertThat(tribuo.signature().outputs()).containsExactly(new TensorSpec("output", DataType.FP32, List.of(-1L, 3L)));
            assertThat(tribuo.signature().batchable()).isTrue();

            Map<String, Tensor> outputs = tribuo.run(Map.of("input", Tensor.ofFloats(List.of(3L, 4L), TestModels.TRIBUO_INPUT)), Set.of());

            assertThat(outputs.get("output").shape()).containsExactly(3L, 3L);
            assertThat(outputs.get("output").floats()).containsExactly(TestModels.TRIBUO_OUTPUT, within(1e-5f));
        }
    }

    @Test
    void the_text_orientation_classifier_gives_the_reference_outputs_for_zeros_and_the_gradient() {
        try (LoadedModel ppocr = RUNTIME.load(TestModels.PPOCR.toString())) {
            assertThat(ppocr.signature().inputs()).containsExactly(new TensorSpec("x", DataType.FP32, List.of(-1L, 3L, -1L, -1L)));
            assertThat(ppocr.signature().outputNames()).containsExactly("softmax_0.tmp_0");

            float[] zeros = ppocr.run(Map.of("x", TestModels.image(new float[3 * 48 * 192], 192)), Set.of()).get("softmax_0.tmp_0").floats();
            float[] gradient = ppocr.run(Map.of("x", TestModels.image(TestModels.gradient(192, 1), 192)), Set.of()).get("softmax_0.tmp_0").floats();

            assertThat(zeros).containsExactly(TestModels.PPOCR_ZEROS_OUTPUT, within(1e-5f));
            assertThat(gradient).containsExactly(TestModels.PPOCR_GRADIENT_OUTPUT, within(1e-5f));
        }
    }

    @Test
    void silero_takes_a_scalar_sample_rate_so_it_is_not_batchable_and_gives_its_reference_for_silence() {
        try (LoadedModel silero = RUNTIME.load(TestModels.SILERO.toString())) {
            assertThat(silero.signature().input("sr")).hasValue(new TensorSpec("sr", DataType.INT64, List.of()));
            assertThat(silero.signature().batchable()).isFalse();

            Map<String, Tensor> outputs = silero.run(Map.of(
                    "input", Tensor.zeros(DataType.FP32, List.of(1L, 512L)),
                    "state", Tensor.zeros(DataType.FP32, List.of(2L, 1L, 128L)),
                    "sr", Tensor.ofLongs(List.of(), 16000)), Set.of("output"));

            assertThat(outputs).containsOnlyKeys("output");
            assertThat(outputs.get("output").floats()).containsExactly(new float[] {0.044262707f}, within(1e-5f));
        }
    }

    @Test
    void a_value_the_graph_cannot_take_is_the_inputs_fault_not_the_servers() {
        try (LoadedModel silero = RUNTIME.load(TestModels.SILERO.toString())) {
            // One sample: the STFT's reflect padding needs at least two.
            assertThatThrownBy(() -> silero.run(Map.of(
                    "input", Tensor.zeros(DataType.FP32, List.of(1L, 1L)),
                    "state", Tensor.zeros(DataType.FP32, List.of(2L, 1L, 128L)),
                    "sr", Tensor.ofLongs(List.of(), 16000)), Set.of()))
                    .isInstanceOf(InputRejectedException.class).hasMessageStartingWith("the model cannot run on this input: ")
                    .hasMessageContaining("Pad");
        }
    }

    @Test
    void a_file_that_is_not_a_model_or_not_there_is_refused_naming_it(@TempDir Path dir) throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.onnx"), "not a protobuf");

        assertThatThrownBy(() -> RUNTIME.load(garbage.toString())).isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith("ONNX Runtime cannot load model " + garbage + ": ");
        assertThatThrownBy(() -> RUNTIME.load(dir.resolve("missing.onnx").toString())).isInstanceOf(ModelLoadException.class)
                .hasMessage("cannot load model " + dir.resolve("missing.onnx") + ": no such file");
    }
}
