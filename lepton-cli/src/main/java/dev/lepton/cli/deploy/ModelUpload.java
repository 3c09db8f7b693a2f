package dev.lepton.cli.deploy;

import dev.lepton.api.v1.ApiDeployment;
import dev.lepton.api.v1.ApiDeploymentSpec;
import dev.lepton.cli.CliFailure;
import dev.lepton.cli.ExitCode;
import dev.lepton.cli.Session;
import dev.lepton.cli.code.CodeUpload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

/**
 * A model reaches the server as a code snapshot holding that one file under its own name, shipped as
 * {@code job run --code} ships a directory: a model already there is not sent again.
 */
public final class ModelUpload {
    private ModelUpload() {}

    /** The snapshot reference ({@code sha256:…}) of {@code model}; {@code source} names where the path came from in messages. */
    static String ship(Session session, Path model, String source) {
        return alone(model, source, directory -> CodeUpload.ship(session, directory, source));
    }

    /** Refuses what cannot be a model, naming {@code source} and the path. */
    static void check(Path model, String source) {
        if (!Files.exists(model)) {
            throw new CliFailure(ExitCode.USAGE, source + ": no such file: " + model);
        }
        if (!Files.isRegularFile(model) || !model.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx")) {
            throw new CliFailure(ExitCode.USAGE, source + ": " + model + " is not an ONNX model file (FILE.onnx)");
        }
    }

    /** {@code use} applied to a temporary directory holding only {@code model} (a hard link where it can be, else a copy), removed after. */
    static <T> T alone(Path model, String source, Function<Path, T> use) {
        check(model, source);
        Path directory;
        Path staged;
        try {
            directory = Files.createTempDirectory("lepton-model-");
            staged = directory.resolve(model.getFileName().toString());
            link(model, staged);
        } catch (IOException e) {
            throw new CliFailure(ExitCode.USAGE, source + ": cannot stage " + model + " for upload (" + e.getMessage() + ")");
        }
        try {
            return use.apply(directory);
        } finally {
            try {
                Files.deleteIfExists(staged);
                Files.deleteIfExists(directory);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the temporary directory " + directory, e);
            }
        }
    }

    private static void link(Path model, Path staged) throws IOException {
        try {
            Files.createLink(staged, model);
        } catch (IOException | UnsupportedOperationException e) {
            // Another file system, or one without hard links: the model is copied; its bytes, and so its snapshot, are the same.
            Files.copy(model, staged);
        }
    }

    /**
     * A deployment read from a file, its local paths shipped: a {@code model} that is no {@code sha256:} reference is a
     * file ({@code modelFile} becomes its name), a {@code code} likewise a directory, both relative to {@code base}.
     */
    public static ApiDeployment withLocalFilesShipped(Session session, ApiDeployment deployment, Path base, String source) {
        ApiDeploymentSpec s = deployment.spec();
        if (s == null) {
            return deployment;
        }
        String model = s.model();
        String modelFile = s.modelFile();
        if (model != null && !CodeUpload.isReference(model)) {
            Path file = base.resolve(model);
            model = ship(session, file, source + ": spec.model");
            modelFile = file.getFileName().toString();
        }
        String code = s.code() != null && !CodeUpload.isReference(s.code())
                ? CodeUpload.ship(session, base.resolve(s.code()), source + ": spec.code") : s.code();
        ApiDeploymentSpec shipped = new ApiDeploymentSpec(model, modelFile, s.command(), code, s.image(), s.queue(), s.priority(),
                s.resources(), s.replicas(), s.scaling(), s.batching(), s.access(), s.readinessProbe(), s.livenessProbe());
        return new ApiDeployment(deployment.kind(), deployment.apiVersion(), deployment.metadata(), shipped, deployment.status());
    }
}
