package dev.lepton.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.api.v1.ApiBatching;
import dev.lepton.api.v1.ApiDeployment;
import dev.lepton.api.v1.ApiProbe;
import dev.lepton.api.v1.ApiReplicas;
import dev.lepton.api.v1.ApiResources;
import dev.lepton.api.v1.ApiScaling;
import dev.lepton.cli.TestTerminal;
import dev.lepton.cli.code.CodeSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.ParseResult;

/** What {@code deploy create} asks the server for, and what it refuses before packing or sending anything. */
class DeployCreateCommandTest {
    private static final String SHA = "sha256:" + "ab".repeat(32);

    @TempDir
    Path dir;

    private Path model;

    @BeforeEach
    void aModelFile() throws IOException {
        model = Files.write(dir.resolve("iris.onnx"), new byte[] {8, 7, 18, 4, 't', 'e', 's', 't'});
    }

    @Test
    void a_model_deployment_names_the_shipped_snapshot_and_the_file_in_it() {
        ApiDeployment deployment = parse("deploy", "create", "iris", "--model", model.toString()).toDeployment("default", SHA, null);

        assertThat(deployment.kind()).isEqualTo("Deployment");
        assertThat(deployment.apiVersion()).isEqualTo("lepton.dev/v1");
        assertThat(deployment.metadata().name()).isEqualTo("iris");
        assertThat(deployment.metadata().project()).isEqualTo("default");
        assertThat(deployment.spec().model()).isEqualTo(SHA);
        assertThat(deployment.spec().modelFile()).isEqualTo("iris.onnx");
        assertThat(deployment.spec().command()).isNull();
        assertThat(deployment.spec().replicas()).as("one replica unless told").isEqualTo(new ApiReplicas(1, 1));
        assertThat(deployment.spec().resources()).isNull();
        assertThat(deployment.spec().scaling()).isNull();
        assertThat(deployment.spec().batching()).isNull();
        assertThat(deployment.spec().access()).as("the server's default: a token").isNull();
        assertThat(deployment.status()).isNull();
    }

    @Test
    void every_flag_lands_in_its_field() {
        DeployCreateCommand create = parse("deploy", "create", "iris", "--model", model.toString(), "--min", "0", "--max", "4",
                "--cpu", "2", "--memory", "4GiB", "--gpus", "1", "--queue", "serving", "--priority", "9", "--public",
                "--max-batch-size", "16", "--max-queue-delay", "5ms", "--scale-metric", "rps", "--scale-target", "12.5",
                "--idle-timeout", "1h30m", "--image", "lepton:1", "--readiness-path", "/v2/models/iris/ready", "--liveness-path", "/v2/health/live");

        ApiDeployment deployment = create.toDeployment("vision", SHA, null);

        assertThat(deployment.metadata().project()).isEqualTo("vision");
        assertThat(deployment.spec().replicas()).isEqualTo(new ApiReplicas(0, 4));
        assertThat(deployment.spec().resources()).isEqualTo(new ApiResources("2", "4GiB", 1));
        assertThat(deployment.spec().queue()).isEqualTo("serving");
        assertThat(deployment.spec().priority()).isEqualTo(9);
        assertThat(deployment.spec().access()).isEqualTo("public");
        assertThat(deployment.spec().batching()).isEqualTo(new ApiBatching(16, "5ms"));
        assertThat(deployment.spec().scaling()).isEqualTo(new ApiScaling("rps", 12.5, null, null, "1h30m"));
        assertThat(deployment.spec().image()).isEqualTo("lepton:1");
        assertThat(deployment.spec().readinessProbe()).isEqualTo(new ApiProbe("/v2/models/iris/ready", null, null, null));
        assertThat(deployment.spec().livenessProbe()).isEqualTo(new ApiProbe("/v2/health/live", null, null, null));
    }

    @Test
    void a_command_deployment_carries_its_argv_and_its_shipped_code() {
        ApiDeployment deployment = parse("deploy", "create", "web", "--code", ".", "--replicas", "2", "--", "python", "-m", "http.server")
                .toDeployment("default", null, SHA);

        assertThat(deployment.spec().command()).containsExactly("python", "-m", "http.server");
        assertThat(deployment.spec().code()).isEqualTo(SHA);
        assertThat(deployment.spec().model()).isNull();
        assertThat(deployment.spec().modelFile()).isNull();
        assertThat(deployment.spec().replicas()).isEqualTo(new ApiReplicas(2, 2));
    }

    @ParameterizedTest(name = "{0} → {1}..{2}")
    @CsvSource(delimiter = '|', value = {
        "                  | 1 | 1",
        "--replicas 3      | 3 | 3",
        "--min 0           | 0 | 1",
        "--min 3           | 3 | 3",
        "--max 4           | 1 | 4",
        "--min 2 --max 5   | 2 | 5",
    })
    void oneBoundLeftOutFollowsTheOther(String flags, int min, int max) {
        List<String> args = new ArrayList<>(List.of("deploy", "create", "iris", "--model", model.toString()));
        if (flags != null) {
            args.addAll(List.of(flags.split(" ")));
        }

        assertThat(parse(args.toArray(String[]::new)).toDeployment("default", SHA, null).spec().replicas())
                .isEqualTo(new ApiReplicas(min, max));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--replicas 2 --min 1          | --replicas: sets both bounds, so give it alone or use --min and --max (got --replicas 2 --min 1)",
        "--replicas 0                  | --replicas: must be at least 1 (got 0); --min 0 lets an idle deployment scale to zero",
        "--min 3 --max 2               | --max: must be at least --min 3 (got 2)",
        "--max 0                       | --max: must be at least 1 (got 0)",
        "--min -1                      | --min: must be 0 or more (got -1)",
        "--scale-metric qps            | --scale-metric: concurrency or rps (got 'qps')",
        "--scale-target 0              | --scale-target: must be a number above 0 (got 0.0)",
        "--max-batch-size 0            | --max-batch-size: must be at least 1 (got 0)",
        "--code .                      | --code .: code ships with a COMMAND; a --model deployment serves the model file alone",
    })
    void aBadFlagWithAModelIsOneLineNamingItAndExitTwo(String flags, String message) {
        List<String> args = new ArrayList<>(List.of("deploy", "create", "iris", "--model", model.toString()));
        args.addAll(List.of(flags.split(" ")));

        assertRefused(args, message);
    }

    @Test
    void the_model_must_be_an_onnx_file_that_exists() throws IOException {
        Path text = Files.writeString(dir.resolve("iris.txt"), "no model");
        Path missing = dir.resolve("missing.onnx");

        assertRefused(List.of("deploy", "create", "iris", "--model", missing.toString()), "--model: no such file: " + missing);
        assertRefused(List.of("deploy", "create", "iris", "--model", text.toString()),
                "--model: " + text + " is not an ONNX model file (FILE.onnx)");
        assertRefused(List.of("deploy", "create", "iris", "--model", dir.toString()),
                "--model: " + dir + " is not an ONNX model file (FILE.onnx)");
    }

    @Test
    void a_deployment_serves_a_model_or_a_command_exactly_one() {
        assertRefused(List.of("deploy", "create", "iris"), "give --model FILE.onnx, or a COMMAND after --, to say what the deployment serves");
        assertRefused(List.of("deploy", "create", "iris", "--model", model.toString(), "--", "python", "serve.py"),
                "--model " + model + " and the COMMAND python serve.py: a deployment serves one or the other");
        assertRefused(List.of("deploy", "create", "web", "--max-batch-size", "8", "--", "python", "serve.py"),
                "--max-batch-size 8: batching is the model server's; a COMMAND deployment batches as it likes");
    }

    @Test
    void a_duration_without_unit_is_refused_naming_the_flag_and_the_value() {
        TestTerminal terminal = new TestTerminal(dir).variable("LEPTON_SERVER", "http://127.0.0.1:9");

        assertThat(terminal.run("deploy", "create", "iris", "--model", model.toString(), "--idle-timeout", "10")).isEqualTo(2);
        assertThat(terminal.err().lines().findFirst().orElseThrow()).startsWith("error: ").contains("--idle-timeout").contains("'10'");
    }

    @Test
    void the_model_is_packed_alone_under_its_own_name_and_the_staging_directory_is_removed() throws IOException {
        Files.writeString(dir.resolve("notes.md"), "next to the model, never shipped with it");
        List<Path> staged = new ArrayList<>();

        CodeSnapshot snapshot = ModelUpload.alone(model, "--model", directory -> {
            staged.add(directory);
            return pack(directory);
        });

        try {
            assertThat(snapshot.files()).isEqualTo(1);
            assertThat(entries(snapshot.archive())).containsExactly(Map.entry("iris.onnx", Files.readAllBytes(model).length));
            assertThat(staged.getFirst()).doesNotExist();
            assertThat(model).exists();
            CodeSnapshot again = ModelUpload.alone(model, "--model", DeployCreateCommandTest::pack);
            assertThat(again.sha256()).as("the same model, the same snapshot: not sent twice").isEqualTo(snapshot.sha256());
            Files.delete(again.archive());
        } finally {
            Files.delete(snapshot.archive());
        }
    }

    private void assertRefused(List<String> args, String message) {
        // No server listens on port 9: each refusal must come before anything is packed or sent.
        TestTerminal terminal = new TestTerminal(dir).variable("LEPTON_SERVER", "http://127.0.0.1:9");

        int exit = terminal.run(args.toArray(String[]::new));

        assertThat(exit).as(String.join(" ", args)).isEqualTo(2);
        assertThat(terminal.err()).isEqualTo("error: " + message + "\n");
        assertThat(terminal.out()).isEmpty();
    }

    private static CodeSnapshot pack(Path directory) {
        try {
            return CodeSnapshot.pack(directory, CodeSnapshot.MAX_BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The archive's files and their sizes. */
    private static Map<String, Integer> entries(Path archive) throws IOException {
        Map<String, Integer> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(archive);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                entries.put(entry.getName(), (int) entry.getSize());
            }
        }
        return entries;
    }

    private DeployCreateCommand parse(String... args) {
        ParseResult result = new TestTerminal(dir).commandLine().parseArgs(args);
        return (DeployCreateCommand) result.subcommand().subcommand().commandSpec().userObject();
    }
}
