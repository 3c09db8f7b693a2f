package dev.lepton.serving.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.lepton.core.inference.DataType;
import dev.lepton.core.inference.LoadedModel;
import dev.lepton.core.inference.ModelLoadException;
import dev.lepton.core.inference.ModelRuntime;
import dev.lepton.core.inference.ModelSignature;
import dev.lepton.core.inference.TensorSpec;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * ONNX Runtime on the CPU. The process has one {@link OrtEnvironment}; each {@link #load} opens one
 * {@link OrtSession}, whose runs may come from any thread. ONNX Runtime's own log is kept to fatal
 * errors: every error it reports also comes back as an exception, which the server reports once.
 */
public final class OnnxModelRuntime implements ModelRuntime {
    /** As the Open Inference Protocol names ONNX models served by ONNX Runtime ({@code <project>_<format>}). */
    public static final String PLATFORM = "onnx_onnxv1";

    private final OrtEnvironment environment;
    private final int intraOpThreads;

    /**
     * @param intraOpThreads threads one run may use inside an operator; 0 leaves it to ONNX Runtime
     *                       (one per physical core)
     */
    public OnnxModelRuntime(int intraOpThreads) {
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intraOpThreads must be >= 0 (0: ONNX Runtime's default), got " + intraOpThreads);
        }
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalStateException("ONNX Runtime takes tensors in native order and this host is big-endian; tensors here are little-endian");
        }
        this.intraOpThreads = intraOpThreads;
        this.environment = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL, "lepton");
    }

    @Override
    public String platform() {
        return PLATFORM;
    }

    @Override
    public LoadedModel load(String location) {
        Path file = Path.of(location);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ModelLoadException("cannot load model " + location + ": " + (Files.exists(file) ? "not a readable file" : "no such file"), null);
        }
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            session = environment.createSession(location, options);
        } catch (OrtException e) {
            throw new ModelLoadException("ONNX Runtime cannot load model " + location + ": " + firstLine(e.getMessage()), e);
        }
        try {
            ModelSignature signature = new ModelSignature(specs(location, "input", session.getInputInfo()),
                    specs(location, "output", session.getOutputInfo()));
            return new OnnxModel(environment, session, signature);
        } catch (OrtException | ModelLoadException e) {
            closeQuietly(session);
            throw e instanceof ModelLoadException refused ? refused
                    : new ModelLoadException("ONNX Runtime cannot describe model " + location + ": " + firstLine(e.getMessage()), e);
        }
    }

    /** The session's own environment is shared by the process and outlives this runtime; there is nothing else to release. */
    @Override
    public void close() {}

    private static List<TensorSpec> specs(String location, String kind, Map<String, NodeInfo> nodes) {
        List<TensorSpec> specs = new ArrayList<>();
        for (NodeInfo node : nodes.values()) {
            if (!(node.getInfo() instanceof TensorInfo tensor)) {
                throw new ModelLoadException("model " + location + ": " + kind + " '" + node.getName() + "' is a "
                        + node.getInfo().getClass().getSimpleName() + "; only tensors are served", null);
            }
            DataType datatype = OnnxTypes.datatypeOf(tensor.onnxType).orElseThrow(() -> new ModelLoadException("model " + location + ": "
                    + kind + " '" + node.getName() + "' holds " + tensor.onnxType + ", which this server cannot pass to ONNX Runtime", null));
            specs.add(new TensorSpec(node.getName(), datatype, Arrays.stream(tensor.getShape()).map(d -> d < 0 ? TensorSpec.DYNAMIC : d)
                    .boxed().toList()));
        }
        return specs;
    }

    static String firstLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            // Already failing with the reason that matters; the session's memory goes with the process.
            org.slf4j.LoggerFactory.getLogger(OnnxModelRuntime.class).warn("closing a session that failed to describe itself failed", e);
        }
    }
}
