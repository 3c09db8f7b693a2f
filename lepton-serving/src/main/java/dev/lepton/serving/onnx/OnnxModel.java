package dev.lepton.serving.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.lepton.core.inference.InputRejectedException;
import dev.lepton.core.inference.LoadedModel;
import dev.lepton.core.inference.ModelSignature;
import dev.lepton.core.inference.Tensor;
import dev.lepton.core.inference.TensorSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One ONNX Runtime session. Inputs are copied into direct native-order buffers; outputs are copied out. */
final class OnnxModel implements LoadedModel {
    private static final Logger log = LoggerFactory.getLogger(OnnxModel.class);

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final ModelSignature signature;

    OnnxModel(OrtEnvironment environment, OrtSession session, ModelSignature signature) {
        this.environment = environment;
        this.session = session;
        this.signature = signature;
    }

    @Override
    public ModelSignature signature() {
        return signature;
    }

    @Override
    public Map<String, Tensor> run(Map<String, Tensor> inputs, Set<String> outputs) {
        Set<String> wanted = outputs.isEmpty() ? new LinkedHashSet<>(signature.outputNames()) : outputs;
        Map<String, OnnxTensor> fed = new HashMap<>();
        try {
            for (Map.Entry<String, Tensor> input : inputs.entrySet()) {
                fed.put(input.getKey(), toOnnx(input.getValue()));
            }
            try (OrtSession.Result result = session.run(fed, wanted)) {
                Map<String, Tensor> produced = new LinkedHashMap<>();
                for (Map.Entry<String, OnnxValue> output : result) {
                    produced.put(output.getKey(), fromOnnx(output.getKey(), (OnnxTensor) output.getValue()));
                }
                return produced;
            }
        } catch (OrtException e) {
            throw switch (e.getCode()) {
                // The graph refused a value or a dimension the signature allows (a reflect pad on one sample).
                case ORT_INVALID_ARGUMENT, ORT_RUNTIME_EXCEPTION, ORT_FAIL ->
                        new InputRejectedException("the model cannot run on this input: " + OnnxModelRuntime.firstLine(e.getMessage()), e);
                default -> new IllegalStateException("ONNX Runtime failed: " + OnnxModelRuntime.firstLine(e.getMessage()), e);
            };
        } finally {
            fed.values().forEach(OnnxTensor::close);
        }
    }

    private OnnxTensor toOnnx(Tensor tensor) throws OrtException {
        ByteBuffer direct = ByteBuffer.allocateDirect(tensor.byteSize()).order(ByteOrder.nativeOrder());
        direct.put(tensor.data()).flip();
        long[] shape = tensor.shape().stream().mapToLong(Long::longValue).toArray();
        return OnnxTensor.createTensor(environment, direct, shape, OnnxTypes.javaTypeOf(tensor.datatype()));
    }

    private Tensor fromOnnx(String name, OnnxTensor value) {
        TensorSpec spec = signature.output(name).orElseThrow(() -> new IllegalStateException("ONNX Runtime returned '" + name
                + "', which is not an output of the model"));
        return new Tensor(spec.datatype(), Arrays.stream(value.getInfo().getShape()).boxed().toList(), value.getByteBuffer());
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            log.atWarn().setCause(e).log("closing the ONNX Runtime session failed; its memory goes with the process");
        }
    }
}
