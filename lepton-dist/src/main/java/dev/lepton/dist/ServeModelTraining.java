package dev.lepton.dist;

import dev.lepton.serving.ModelServer;
import dev.lepton.serving.ModelState;
import dev.lepton.serving.ServingConfig;
import dev.lepton.serving.http.InferenceRoutes;
import dev.lepton.serving.onnx.OnnxModelRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The training run of the class-data archive that model replicas start from. The JVM archives the classes a
 * run loaded, so this one does what a replica does before and while it answers: it serves the Tribuo model
 * bundled here (Lepton's own, 4 features and 3 classes; {@code lepton-serving}'s test models README) on a
 * free loopback port, warms it up, and answers each kind of request once (health, readiness, metadata, a JSON
 * inference, a malformed one, metrics), then stops. The server runs it once per jar and java, in the
 * background ({@code ModelServerCommand}):
 * {@code java -XX:ArchiveClassesAtExit=lepton.serve-model.jsa -cp lepton.jar dev.lepton.dist.ServeModelTraining}.
 */
public final class ServeModelTraining {
    private static final String MODEL = "training/tribuo-logreg-4f-3c.onnx";
    private static final String INFER = """
            {"inputs":[{"name":"input","shape":[3,4],"datatype":"FP32","data":[0,0,0,0,3,3,0,1,-3,2,1,-2]}]}""";
    private static final String MALFORMED = """
            {"inputs":[{"name":"input","shape":[2,4],"datatype":"FP32","data":[0,0,0]}]}""";

    private ServeModelTraining() {}

    public static void main(String[] args) throws Exception {
        Path model = Files.createTempFile("lepton-training", ".onnx");
        try (InputStream in = ServeModelTraining.class.getResourceAsStream(MODEL)) {
            if (in == null) {
                throw new IllegalStateException("lepton.jar holds no " + MODEL);
            }
            Files.copy(in, model, StandardCopyOption.REPLACE_EXISTING);
            ServingConfig config = ServingConfig.defaults(model, "iris").withHost("127.0.0.1").withPort(0);
            ModelServer server = ModelServer.start(config, new OnnxModelRuntime(config.threads()), Clock.systemUTC(),
                    new InferenceRoutes.ServerInfo("lepton", "training", List.of("binary_tensor_data")));
            try {
                if (server.awaitSettled(Duration.ofMinutes(1)) instanceof ModelState.Failed failed) {
                    throw new IllegalStateException("the training model did not load: " + failed.reason());
                }
                URI base = server.url();
                for (String path : List.of("/v2/health/live", "/v2/health/ready", "/v2", "/v2/models/iris", "/v2/models/iris/ready", "/metrics")) {
                    expect(call(base.resolve(path), null), 200, path);
                }
                expect(call(base.resolve("/v2/models/iris/infer"), INFER), 200, "an inference");
                expect(call(base.resolve("/v2/models/iris/infer"), MALFORMED), 400, "a malformed inference");
            } finally {
                server.close();
            }
        } finally {
            Files.deleteIfExists(model);
        }
        System.exit(0);
    }

    private static void expect(int status, int wanted, String what) {
        if (status != wanted) {
            throw new IllegalStateException(what + " was answered " + status + ", not " + wanted);
        }
    }

    /** GETs {@code uri}, or POSTs {@code body} to it as JSON; the status, once the answer is read. */
    private static int call(URI uri, String body) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        try {
            if (body != null) {
                connection.setRequestMethod("POST");
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type", "application/json");
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body.getBytes(StandardCharsets.UTF_8));
                }
            }
            int status = connection.getResponseCode();
            try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                if (in != null) {
                    in.readAllBytes();
                }
            }
            return status;
        } finally {
            connection.disconnect();
        }
    }
}
