package dev.lepton.serving.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.core.inference.DataType;
import dev.lepton.core.inference.ModelSignature;
import dev.lepton.core.inference.Tensor;
import dev.lepton.core.inference.TensorSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** A request read from its body and checked against a model's signature: what fits becomes tensors, what does not is named. */
class CheckedRequestTest {
    private static final ModelSignature SIGNATURE = new ModelSignature(
            List.of(new TensorSpec("input", DataType.FP32, List.of(-1L, 4L)), new TensorSpec("mask", DataType.BOOL, List.of(-1L)),
                    new TensorSpec("ids", DataType.INT32, List.of(2L))),
            List.of(new TensorSpec("output", DataType.FP32, List.of(-1L, 3L)), new TensorSpec("label", DataType.INT64, List.of(-1L))));

    @Test
    void nested_and_flat_data_give_the_same_row_major_tensor_and_the_id_is_kept() {
        CheckedRequest nested = check("""
                {"id": "42", "inputs": [
                  {"name": "input", "shape": [2, 4], "datatype": "FP32", "data": [[1, 2, 3, 4], [5.5, 6, 7, 8]]},
                  {"name": "mask", "shape": [2], "datatype": "BOOL", "data": [true, false]},
                  {"name": "ids", "shape": [2], "datatype": "INT32", "data": [7, -2147483648]}]}""");
        CheckedRequest flat = check("""
                {"inputs": [
                  {"datatype": "FP32", "data": [1, 2, 3, 4, 5.5, 6, 7, 8], "shape": [2, 4], "name": "input"},
                  {"name": "mask", "shape": [2], "datatype": "BOOL", "data": [[true], [false]]},
                  {"name": "ids", "shape": [2], "datatype": "INT32", "data": [7, -2147483648]}]}""");

        assertThat(nested.id()).hasValue("42");
        assertThat(flat.id()).isEmpty();
        assertThat(nested.inputs()).isEqualTo(flat.inputs());
        assertThat(nested.inputs().get("input").floats()).containsExactly(1, 2, 3, 4, 5.5f, 6, 7, 8);
        assertThat(nested.inputs().get("mask").data().get(0)).isEqualTo((byte) 1);
        assertThat(nested.inputs().get("ids").data().getInt(4)).isEqualTo(Integer.MIN_VALUE);
    }

    @Test
    void without_outputs_named_every_output_returns_in_the_models_order_as_json_unless_binary_is_asked() {
        String inputs = "\"inputs\": " + VALID_INPUTS;

        assertThat(check("{" + inputs + "}").returns()).containsExactly(new CheckedRequest.Returned("output", false),
                new CheckedRequest.Returned("label", false));
        assertThat(check("{\"parameters\": {\"binary_data_output\": true}, " + inputs + "}").returns())
                .containsExactly(new CheckedRequest.Returned("output", true), new CheckedRequest.Returned("label", true));
        CheckedRequest named = check("{\"parameters\": {\"binary_data_output\": true}, " + inputs
                + ", \"outputs\": [{\"name\": \"label\", \"parameters\": {\"binary_data\": false}}]}");
        assertThat(named.run()).containsExactly("label");
        assertThat(named.returns()).containsExactly(new CheckedRequest.Returned("label", false));
    }

    @Test
    void binary_inputs_follow_the_json_header_in_the_order_of_the_inputs() {
        String header = """
                {"inputs": [
                  {"name": "mask", "shape": [2], "datatype": "BOOL", "parameters": {"binary_data_size": 2}},
                  {"name": "input", "shape": [2, 4], "datatype": "FP32", "parameters": {"binary_data_size": 32}},
                  {"name": "ids", "shape": [2], "datatype": "INT32", "data": [1, 2]}]}""";
        ByteBuffer body = ByteBuffer.allocate(header.length() + 34).order(ByteOrder.LITTLE_ENDIAN);
        body.put(header.getBytes(StandardCharsets.UTF_8)).put((byte) 1).put((byte) 0);
        for (int i = 1; i <= 8; i++) {
            body.putFloat(i);
        }

        CheckedRequest request = CheckedRequest.of("m", SIGNATURE, RequestReader.read(body.array(), Optional.of(Integer.toString(header.length()))));

        assertThat(request.inputs().get("input")).isEqualTo(Tensor.ofFloats(List.of(2L, 4L), 1, 2, 3, 4, 5, 6, 7, 8));
        assertThat(request.inputs().get("mask").data().get(0)).isEqualTo((byte) 1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            an unknown input         | {"name": "extra", "shape": [1], "datatype": "FP32", "data": [1]}                 | input 'extra' is not an input of model 'm'; its inputs are 'input', 'mask', 'ids'
            a wrong datatype         | {"name": "input", "shape": [1, 4], "datatype": "FP64", "data": [1, 2, 3, 4]}     | input 'input'.datatype: FP64, but model 'm' takes FP32
            a datatype not in the protocol | {"name": "input", "shape": [1, 4], "datatype": "FLOAT", "data": [1, 2, 3, 4]} | input 'input'.datatype: 'FLOAT' is not a datatype; use one of BOOL, UINT8
            a shape the model refuses | {"name": "input", "shape": [1, 5], "datatype": "FP32", "data": [1, 2, 3, 4, 5]} | input 'input'.shape: [1, 5] does not fit the model's [-1, 4] (-1: any size)
            too few elements         | {"name": "input", "shape": [2, 4], "datatype": "FP32", "data": [1, 2, 3, 4]}     | input 'input': shape [2, 4] holds 8 elements, but data has 4
            a string in number data  | {"name": "input", "shape": [1, 4], "datatype": "FP32", "data": [1, "2", 3, 4]}   | input 'input'.data: element 1 is a string ('2'); BYTES tensors are not served
            a boolean in number data | {"name": "input", "shape": [1, 4], "datatype": "FP32", "data": [1, true, 3, 4]}  | input 'input': element 1 is true, but FP32 takes numbers
            a decimal in integer data| {"name": "ids", "shape": [2], "datatype": "INT32", "data": [1, 2.5]}              | input 'ids': element 1 is 2.5, but INT32 takes integers
            an integer out of range  | {"name": "ids", "shape": [2], "datatype": "INT32", "data": [1, 2147483648]}       | input 'ids': element 1 (2147483648) is out of range for INT32
            a number in BOOL data    | {"name": "mask", "shape": [1], "datatype": "BOOL", "data": [1]}                  | input 'mask': element 0 is 1, but BOOL takes true or false
            a negative dimension     | {"name": "input", "shape": [-1, 4], "datatype": "FP32", "data": [1, 2, 3, 4]}    | input 'input'.shape: dimensions are integers >= 0 (got -1)
            no name                  | {"shape": [1], "datatype": "FP32", "data": [1]}                                  | inputs[0].name: missing
            no data at all           | {"name": "input", "shape": [1, 4], "datatype": "FP32"}                           | input 'input': give either data or the binary_data_size parameter (neither is there)
            """)
    void a_bad_input_is_refused_naming_the_tensor_the_field_and_the_value(String what, String badInput, String message) {
        String body = "{\"inputs\": [" + badInput + ", " + VALID_INPUTS.substring(1) + "}";

        assertThatThrownBy(() -> check(body)).isInstanceOf(InvalidRequestException.class).hasMessageStartingWith(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a missing input    | {"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "data": [1, 2, 3, 4]}]} | input 'mask', 'ids' are missing; model 'm' takes 'input', 'mask', 'ids'
            an unknown output  | {"inputs": INPUTS, "outputs": [{"name": "logits"}]}                                        | output 'logits' is not an output of model 'm'; its outputs are 'output', 'label'
            no inputs          | {"id": "1"}                                                                                 | inputs: missing
            an id not a string | {"id": 7, "inputs": INPUTS}                                                                 | id: must be a string (got 7)
            not json           | {"inputs": [                                                                                | the body is not valid JSON (line 1, column 13): Unexpected end-of-input
            not an object      | [1, 2]                                                                                      | the body must be a JSON object
            a bad binary flag  | {"parameters": {"binary_data_output": "yes"}, "inputs": INPUTS}                             | parameters.binary_data_output: must be true or false (got yes)
            a shape past any size | {"inputs": [{"name": "input", "shape": [4611686018427387904, 4], "datatype": "FP32", "data": [1]}]} | input 'input'.shape: [4611686018427387904, 4] holds more elements than a tensor can
            inputs not a list  | {"inputs": "x"}                                                                             | inputs: must be an array (got x)
            binary without its part | {"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "parameters": {"binary_data_size": 16}}]} | input 'input'.parameters.binary_data_size: 16 bytes, but the body has no binary part (is Inference-Header-Content-Length set?)
            """)
    void a_bad_request_is_refused_naming_what_is_wrong(String what, String body, String message) {
        assertThatThrownBy(() -> check(body.replace("INPUTS", VALID_INPUTS))).isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void a_header_length_past_the_body_is_refused_naming_the_header() {
        assertThatThrownBy(() -> RequestReader.read("{}".getBytes(StandardCharsets.UTF_8), Optional.of("99")))
                .hasMessage("Inference-Header-Content-Length: must be a byte count from 0 to the body's 2 (got '99')");
    }

    private static final String VALID_INPUTS = """
            [{"name": "input", "shape": [1, 4], "datatype": "FP32", "data": [1, 2, 3, 4]},
             {"name": "mask", "shape": [1], "datatype": "BOOL", "data": [true]},
             {"name": "ids", "shape": [2], "datatype": "INT32", "data": [1, 2]}]""";

    private static CheckedRequest check(String body) {
        return CheckedRequest.of("m", SIGNATURE, RequestReader.read(body.getBytes(StandardCharsets.UTF_8), Optional.empty()));
    }
}
