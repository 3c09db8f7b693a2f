package dev.lepton.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lepton.server.deployments.ModelServerCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar's {@code serve-model}: ONNX Runtime's native library loads from the shaded jar and the model answers, also
 * when it starts from the class-data archive the server makes for replicas.
 */
class ServeModelJarIT {
    @Test
    void the_jar_serves_a_model_and_stops_on_sigterm(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("serve-model.log");
        Process process = start(List.of(ServerProcess.JAVA, "--enable-native-access=ALL-UNNAMED", "-jar", ServerProcess.JAR.toString(), "serve-model"), log);
        try {
            assertAnswers(readyUrl(process, log));
            process.destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(log)).contains("stopped");
        } finally {
            process.destroyForcibly();
        }
    }

    /** What the server does at its start for its model replicas: the training run makes the archive, and serve-model maps it. */
    @Test
    void the_server_makes_a_class_data_archive_that_serve_model_starts_from(@TempDir Path dir) throws Exception {
        Path jar = Files.copy(ServerProcess.JAR, dir.resolve("lepton.jar"));
        ModelServerCommand command = ModelServerCommand.of(Path.of(ServerProcess.JAVA), jar);
        assertThat(command.isCurrent()).isFalse();

        command.prepareArchive();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!command.isCurrent() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }

        assertThat(command.isCurrent()).as("an archive beside the jar; the training's output: %s", dir.resolve("lepton.serve-model.jsa.log")).isTrue();
        assertThat(Files.size(dir.resolve("lepton.serve-model.jsa"))).isGreaterThan(1_000_000);
        List<String> line = new ArrayList<>(command.line());
        line.add(1, "-Xshare:on");  // an archive the JVM cannot map is then an error, not a quiet start from the jar
        Path log = dir.resolve("serve-model.log");
        Process process = start(line, log);
        try {
            assertAnswers(readyUrl(process, log));
        } finally {
            process.destroyForcibly();
        }
    }

    private static Process start(List<String> serveModel, Path log) throws IOException {
        List<String> line = new ArrayList<>(serveModel);
        line.addAll(List.of("--model", ServeModelCommandTest.TRIBUO.toString(), "--name", "tribuo", "--host", "127.0.0.1", "--port", "0"));
        return new ProcessBuilder(line).redirectError(log.toFile()).start();
    }

    /** The base URL its ready line names. */
    private static String readyUrl(Process process, Path log) throws Exception {
        String readyLine = CompletableFuture.supplyAsync(() -> {
            try {
                return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).get(60, TimeUnit.SECONDS);
        assertThat(readyLine).as("the ready line; the log says %s", Files.readString(log)).startsWith("Serving model 'tribuo'");
        Matcher url = Pattern.compile("on (http://127\\.0\\.0\\.1:\\d+)/").matcher(readyLine);
        assertThat(url.find()).isTrue();
        return url.group(1);
    }

    private static void assertAnswers(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/v2/models/tribuo/infer"))
                .POST(HttpRequest.BodyPublishers.ofString(ServeModelCommandTest.REQUEST)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode data = new ObjectMapper().readTree(response.body()).get("outputs").get(0).get("data");
        for (int i = 0; i < ServeModelCommandTest.REFERENCE.length; i++) {
            assertThat((float) data.get(i).asDouble()).isCloseTo(ServeModelCommandTest.REFERENCE[i], within(1e-5f));
        }
    }
}
