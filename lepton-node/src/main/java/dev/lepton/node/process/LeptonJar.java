package dev.lepton.node.process;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The jar this process runs from, and the class-data archive beside it from which model replicas
 * ({@code lepton serve-model}) start: {@code lepton.jar} has {@code lepton.serve-model.jsa}. A worker's
 * sandbox shows both read-only, at their own paths.
 */
public final class LeptonJar {
    private static final String JAR = ".jar";
    private static final String SERVE_MODEL_ARCHIVE = ".serve-model.jsa";

    /** Found once: every sandboxed launch asks. */
    private static final Optional<Path> LOCATION = find();

    private LeptonJar() {}

    /** The jar; empty where this process runs from class directories (tests). */
    public static Optional<Path> location() {
        return LOCATION;
    }

    private static Optional<Path> find() {
        try {
            Path location = Path.of(LeptonJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(location) ? Optional.of(location) : Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Where the serve-model archive of {@code jar} is, whether or not it has been made. */
    public static Path serveModelArchive(Path jar) {
        String name = jar.getFileName().toString();
        String base = name.endsWith(JAR) ? name.substring(0, name.length() - JAR.length()) : name;
        return jar.resolveSibling(base + SERVE_MODEL_ARCHIVE);
    }
}
