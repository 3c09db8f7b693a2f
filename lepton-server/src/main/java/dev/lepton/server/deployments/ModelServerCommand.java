package dev.lepton.server.deployments;

import static java.util.Objects.requireNonNull;

import dev.lepton.node.process.LeptonJar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a model replica runs {@code lepton serve-model}: with this server's own java and lepton.jar (which a
 * worker's sandbox shows read-only), from the class-data archive beside the jar once there is one. The server
 * makes that archive in the background when it starts, once per jar and java, by a training run
 * ({@code dev.lepton.dist.ServeModelTraining} under {@code -XX:ArchiveClassesAtExit}): a replica then loads
 * Javalin's, Jackson's and ONNX Runtime's classes mapped from the archive instead of parsing and verifying
 * them from the jar. The archive is the server's and read-only to workers (a worker that could write it would
 * choose the code every later replica runs). Where the jar's directory is not the server's to write, or the
 * training fails, replicas start without one, as before.
 */
public final class ModelServerCommand {
    private static final Logger log = LoggerFactory.getLogger(ModelServerCommand.class);

    static final String TRAINING = "dev.lepton.dist.ServeModelTraining";
    private static final long TRAINING_SECONDS = 120;
    /** Options the training run and the replicas share: the archive holds only what a run with the same options may map. */
    private static final List<String> OPTIONS = List.of("--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC");
    /** A mismatched or unreadable archive is not an error: the JVM loads from the jar and says nothing. */
    private static final List<String> QUIET = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");

    private final Path java;
    private final Path jar;
    private final Path archive;

    private ModelServerCommand(Path java, Path jar) {
        this.java = requireNonNull(java, "java is null");
        this.jar = requireNonNull(jar, "jar is null");
        this.archive = LeptonJar.serveModelArchive(jar);
    }

    /** This server's; empty where it does not run from a jar (tests on class directories). */
    public static Optional<ModelServerCommand> current() {
        Optional<String> java = ProcessHandle.current().info().command();
        Optional<Path> jar = LeptonJar.location();
        return java.isEmpty() || jar.isEmpty() ? Optional.empty() : Optional.of(of(Path.of(java.get()), jar.get()));
    }

    /** Replicas run by {@code java} from {@code jar}. */
    public static ModelServerCommand of(Path java, Path jar) {
        return new ModelServerCommand(java, jar);
    }

    /** The command line up to {@code serve-model}'s flags. */
    public List<String> line() {
        List<String> line = new ArrayList<>(List.of(java.toString()));
        line.addAll(OPTIONS);
        if (isCurrent()) {
            line.add("-XX:SharedArchiveFile=" + archive);
            line.addAll(QUIET);
        }
        line.addAll(List.of("-jar", jar.toString(), "serve-model"));
        return line;
    }

    /** Whether replicas start from the archive: it was made after the jar and the java last changed. */
    public boolean isCurrent() {
        try {
            FileTime made = Files.getLastModifiedTime(archive);
            return made.compareTo(Files.getLastModifiedTime(jar)) >= 0 && made.compareTo(Files.getLastModifiedTime(java.toRealPath())) >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Makes the archive on a thread of its own unless it is current; returns at once. */
    public void prepareArchive() {
        if (!isCurrent()) {
            Thread.ofPlatform().name("model-archive").daemon().start(this::makeArchive);
        }
    }

    private void makeArchive() {
        Path made = archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid());
        Path output = archive.resolveSibling(archive.getFileName() + ".log");
        List<String> training = new ArrayList<>(List.of(java.toString()));
        training.addAll(OPTIONS);
        training.addAll(QUIET);
        training.addAll(List.of("-XX:ArchiveClassesAtExit=" + made, "-cp", jar.toString(), TRAINING));
        long started = System.nanoTime();
        try {
            Process process = new ProcessBuilder(training).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            boolean ended = process.waitFor(TRAINING_SECONDS, TimeUnit.SECONDS);
            if (!ended) {
                process.destroyForcibly();
            }
            if (!ended || process.exitValue() != 0 || !Files.isRegularFile(made)) {
                log.atWarn().setMessage("model replicas start without a class-data archive: its training run failed")
                        .addKeyValue("exit", ended ? Integer.toString(process.exitValue()) : "killed after " + TRAINING_SECONDS + " s")
                        .addKeyValue("output", lastLines(output)).log();
                Files.deleteIfExists(made);
                return;
            }
            Files.setPosixFilePermissions(made, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(made, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(output);
            log.atInfo().setMessage("model replicas start from a class-data archive").addKeyValue("archive", archive)
                    .addKeyValue("took", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms").log();
        } catch (IOException | RuntimeException e) {
            // The jar's directory is not the server's to write (an installed jar), or the training could not start.
            log.atInfo().setMessage("model replicas start without a class-data archive").addKeyValue("archive", archive)
                    .addKeyValue("why", e.getMessage()).log();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String lastLines(Path output) {
        try {
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(none: " + e.getMessage() + ")";
        }
    }
}
