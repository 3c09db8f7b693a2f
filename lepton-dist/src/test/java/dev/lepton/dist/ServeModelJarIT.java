package dev.lepton.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built jar's {@code serve-model}: ONNX Runtime's native library loads from the shaded jar and the model answers. */
class ServeModelJarIT {
    @Test
    void the_jar_serves_a_model_and_stops_on_sigterm(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("serve-model.log");
        Process process = new ProcessBuilder(ServerProcess.JAVA, "--enable-native-access=ALL-UNNAMED", "-jar", ServerProcess.JAR.toString(),
                "serve-model", "--model", ServeModelCommandTest.TRIBUO.toString(), "--name", "tribuo", "--host", "127.0.0.1", "--port", "0")
                .redirectError(log.toFile()).start();
        try {
            String readyLine = CompletableFuture.supplyAsync(() -> {
                try {
                    return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).get(60, TimeUnit.SECONDS);
            assertThat(readyLine).as("the ready line; the log says %s", Files.readString(log)).startsWith("Serving model 'tribuo'");
            Matcher url = Pattern.compile("on (http://127\\.0\\.0\\.1:\\d+)/").matcher(readyLine);
            assertThat(url.find()).isTrue();

            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url.group(1) + "/v2/models/tribuo/infer"))
                    .POST(HttpRequest.BodyPublishers.ofString(ServeModelCommandTest.REQUEST)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode data = new ObjectMapper().readTree(response.body()).get("outputs").get(0).get("data");
            for (int i = 0; i < ServeModelCommandTest.REFERENCE.length; i++) {
                assertThat((float) data.get(i).asDouble()).isCloseTo(ServeModelCommandTest.REFERENCE[i], within(1e-5f));
            }
            process.destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(log)).contains("stopped");
        } finally {
            process.destroyForcibly();
        }
    }
}
