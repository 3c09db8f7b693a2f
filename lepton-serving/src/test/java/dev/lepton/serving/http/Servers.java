package dev.lepton.serving.http;

import dev.lepton.core.inference.ModelRuntime;
import dev.lepton.serving.ModelPhase;
import dev.lepton.serving.ModelServer;
import dev.lepton.serving.ServingConfig;
import dev.lepton.serving.onnx.OnnxModelRuntime;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/** Model servers for tests: on loopback, a free port, one intra-op thread, awaited until ready. */
public final class Servers {
    public static final InferenceRoutes.ServerInfo INFO = new InferenceRoutes.ServerInfo("lepton", "test", List.of("binary_tensor_data"));

    private Servers() {}

    public static ServingConfig config(Path model) {
        return ServingConfig.defaults(model).withHost("127.0.0.1").withPort(0).withThreads(1);
    }

    public static ModelServer ready(Path model, UnaryOperator<ServingConfig> settings) {
        return ready(settings.apply(config(model)), new OnnxModelRuntime(1));
    }

    public static ModelServer ready(ServingConfig config, ModelRuntime runtime) {
        ModelServer server = ModelServer.start(config, runtime, Clock.systemUTC(), INFO);
        try {
            ModelPhase phase = server.awaitSettled(Duration.ofSeconds(60)).phase();
            if (phase != ModelPhase.READY) {
                server.close();
                throw new IllegalStateException("the model did not get ready: " + server.state());
            }
            return server;
        } catch (Exception e) {
            server.close();
            throw new IllegalStateException(e);
        }
    }
}
