package dev.lepton.server.deployments;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** How a model replica runs {@code lepton serve-model}: with this server's own java and lepton.jar (which a worker's sandbox shows read-only). */
public final class ModelServerCommand {
    private ModelServerCommand() {}

    /** The command line up to {@code serve-model}'s flags; empty where the server does not run from a jar (tests on class directories). */
    public static Optional<List<String>> current() {
        Optional<String> java = ProcessHandle.current().info().command();
        Optional<Path> jar = ownJar();
        if (java.isEmpty() || jar.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(List.of(java.get(), "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-jar", jar.get().toString(), "serve-model"));
    }

    private static Optional<Path> ownJar() {
        try {
            Path location = Path.of(ModelServerCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(location) ? Optional.of(location) : Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
