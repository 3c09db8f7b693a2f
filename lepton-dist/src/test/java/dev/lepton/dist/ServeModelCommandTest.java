package dev.lepton.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lepton.cli.LeptonCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * {@code lepton serve-model}: a bad flag is one line naming it and exit 2; as its own process it
 * prints one line when ready, answers inference, and on SIGTERM answers what is in flight before it goes.
 */
class ServeModelCommandTest {
    /** The Tribuo model of lepton-serving's tests (its README gives source and reference values). */
    static final Path TRIBUO = Path.of("../lepton-serving/src/test/resources/models/tribuo-logreg-4f-3c.onnx").toAbsolutePath().normalize();
    static final String REQUEST = """
            {"id": "cli", "inputs": [{"name": "input", "shape": [3, 4], "datatype": "FP32", "data": [0, 0, 0, 0, 3, 3, 0, 1, -3, 2, 1, -2]}]}""";
    static final float[] REFERENCE = {0.9993548f, 3.3030627e-4f, 3.1485353e-4f, 1.637961e-4f, 0.9998362f, 2.260472e-10f, 7.1946175e-5f,
            1.2127307e-9f, 0.999928f};
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            --max-batch-size  | 0      | error: --max-batch-size: must be at least 1 (1: no batching), got 0
            --max-batch-size  | lots   | error: Invalid value for option '--max-batch-size': 'lots' is not an int
            --max-queue-delay | soon   | error: --max-queue-delay: not a duration; write 30s, 5m, 2h or 1h30m (got 'soon')
            --port            | 70000  | error: --port: must be 0-65535 (got 70000)
            --threads         | -2     | error: --threads: must be >= 0, 0 for ONNX Runtime's default (got -2)
            --name            | a b    | error: --name: 1-128 letters, digits, '_', '.' or '-', starting with a letter or digit (got 'a b')
            --drain-timeout   | never  | error: --drain-timeout: not a duration
            --max-request-size| huge   | error: --max-request-size: not a size
            """)
    void a_bad_flag_is_a_usage_error_in_one_line_naming_it(String flag, String value, String expected) {
        Run run = inProcess("serve-model", "--model", TRIBUO.toString(), flag, value);

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().lines().findFirst()).hasValueSatisfying(line -> assertThat(line).startsWith(expected));
    }

    @Test
    void a_model_file_that_is_missing_or_not_a_model_stops_the_start_in_one_line(@TempDir Path dir) throws IOException {
        Run missing = inProcess("serve-model", "--model", dir.resolve("nothing.onnx").toString(), "--port", "0");
        Path garbage = Files.writeString(dir.resolve("garbage.onnx"), "not a model");
        Run broken = inProcess("serve-model", "--model", garbage.toString(), "--port", "0", "--host", "127.0.0.1");

        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).startsWith("error: --model: no such file: " + dir.resolve("nothing.onnx"));
        assertThat(broken.exit()).isEqualTo(2);
        assertThat(broken.err().lines().toList()).singleElement().asString()
                .startsWith("error: --model: ONNX Runtime cannot load model " + garbage + ": ").contains("Protobuf parsing failed");
    }

    @Test
    void as_its_own_process_it_says_when_it_is_ready_answers_and_on_sigterm_finishes_what_is_in_flight(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("serve-model.log");
        ProcessBuilder builder = new ProcessBuilder(ServerProcess.JAVA, "--enable-native-access=ALL-UNNAMED", Main.class.getName(), "serve-model",
                "--model", TRIBUO.toString(), "--name", "tribuo", "--host", "127.0.0.1", "--port", "0", "--threads", "1",
                "--max-batch-size", "8", "--max-queue-delay", "2ms").redirectError(log.toFile());
        // The class path goes in the environment, not on the command line: ONNX Runtime 1.29 (Linux x64) crashes the
        // process with SIGSEGV when it creates its environment in a process whose command line is over about 4 KiB.
        builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        Process process = builder.start();
        try {
            String readyLine = CompletableFuture.supplyAsync(() -> firstLine(process)).get(60, TimeUnit.SECONDS);
            assertThat(readyLine).as("the first line; the log says %s", Files.exists(log) ? Files.readString(log) : "")
                    .startsWith("Serving model 'tribuo' (version 1) on http://127.0.0.1:")
                    .contains("inputs: input FP32[-1, 4]").contains("batching: up to 8 rows, waiting up to 2 ms");
            Matcher url = Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+)/v2/models/tribuo").matcher(readyLine);
            assertThat(url.find()).isTrue();
            int port = Integer.parseInt(url.group(1));

            try (Socket slowClient = new Socket("127.0.0.1", port)) {
                // A client still sending its request when the server is told to stop.
                byte[] body = REQUEST.getBytes(StandardCharsets.UTF_8);
                OutputStream out = slowClient.getOutputStream();
                out.write(("POST /v2/models/tribuo/infer HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, 0, 20);
                out.flush();
                Thread.sleep(500);
                process.destroy(); // SIGTERM
                Thread.sleep(500);
                out.write(body, 20, body.length - 20);
                out.flush();

                String response = new String(slowClient.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(response).startsWith("HTTP/1.1 200");
                JsonNode data = JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4)).get("outputs").get(0).get("data");
                for (int i = 0; i < REFERENCE.length; i++) {
                    assertThat((float) data.get(i).asDouble()).isCloseTo(REFERENCE[i], within(1e-5f));
                }
            }
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the process ends after draining").isTrue();
            assertThat(process.exitValue()).as("exit on SIGTERM, as the JVM reports it").isEqualTo(143);
            assertThat(Files.readString(log)).contains("draining").contains("stopped");
        } finally {
            process.destroyForcibly();
        }
    }

    private static String firstLine(Process process) {
        try {
            return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private record Run(int exit, String err) {}

    private static Run inProcess(String... args) {
        CommandLine commandLine = LeptonCommand.commandLine(new ServeModelCommand());
        StringWriter err = new StringWriter();
        commandLine.setErr(new PrintWriter(err));
        int exit = commandLine.execute(args);
        return new Run(exit, err.toString());
    }
}
