package dev.lepton.cli.training;

import dev.lepton.cli.Environment;
import dev.lepton.cli.LeptonCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The training run of the CLI's class-data archive. The JVM archives the classes a run loaded, so
 * the archive covers what this run does: the everyday commands in each output format, help, a file
 * applied and a refusal, each through the real command line, client and renderers, against a
 * {@link StandInServer}. The launcher runs it once per build:
 * {@code java -XX:ArchiveClassesAtExit=lepton-cli.jsa -cp lepton.jar dev.lepton.cli.training.ArchiveTraining}.
 * Before, the archive held whatever the first command after a build happened to load; one made by
 * {@code lepton --version} left {@code job list} about as slow as no archive at all.
 */
public final class ArchiveTraining {
    /** Each command line, and the exit status it has against the stand-in server. */
    record Line(List<String> args, int exit) {}

    static final List<Line> LINES = List.of(
            line(0, "--help"), line(0, "job", "--help"), line(0, "--version"),
            line(0, "job", "list"), line(0, "job", "list", "-o", "json"), line(0, "job", "list", "-A", "-o", "yaml"),
            line(0, "job", "get", "hello"), line(0, "job", "get", "hello", "-o", "json"),
            line(0, "job", "run", "--name", "hello", "--workers", "2", "--gpus", "1", "--env", "A=1", "--", "sh", "-c", "echo hi"),
            line(0, "job", "logs", "hello", "--worker", "1"), line(0, "job", "wait", "hello", "--timeout", "10s"),
            line(0, "job", "events", "hello"), line(0, "job", "explain", "hello"), line(0, "job", "cancel", "hello"),
            line(0, "node", "list"), line(0, "queue", "list"), line(0, "cohort", "list"),
            line(0, "whoami"), line(0, "token", "list"), line(0, "user", "list"), line(0, "token", "show"),
            line(0, "apply", "-f", "-", "--dry-run"),
            line(1, "job", "get", StandInServer.MISSING), line(2, "job", "lsit"));

    private static final String MANIFEST = """
            kind: Job
            metadata: {name: train}
            spec:
              command: [python3, train.py]
              resources: {cpu: "2", memory: 4GiB}
              retry: {maxRetries: 1, backoff: 10s}
            """;

    private ArchiveTraining() {}

    public static void main(String[] args) {
        List<String> surprises = run(PrintStream.nullOutputStream());
        surprises.forEach(System.err::println);
        System.exit(surprises.isEmpty() ? 0 : 1);
    }

    /** Runs every line; returns those whose exit status was not the expected one, with what they printed on {@code err}. */
    static List<String> run(OutputStream sink) {
        List<String> surprises = new ArrayList<>();
        Path home = temporaryHome();
        try (StandInServer server = new StandInServer()) {
            for (Line line : LINES) {
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                Environment system = Environment.system();   // what every command starts from, less what it would touch
                Environment environment = new Environment(Map.of("LEPTON_SERVER", server.url().toString(), "LEPTON_TOKEN", "lep_training"),
                        home, system.clock(), system.random(), new ByteArrayInputStream(MANIFEST.getBytes(StandardCharsets.UTF_8)),
                        new PrintStream(sink, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
                String[] args = line.args().toArray(String[]::new);
                int exit = LeptonCommand.commandLineFor(args, environment).execute(args);
                if (exit != line.exit()) {
                    surprises.add("lepton " + String.join(" ", line.args()) + ": exit " + exit + ", expected " + line.exit()
                            + ": " + err.toString(StandardCharsets.UTF_8).strip());
                }
            }
        } finally {
            delete(home);
        }
        return surprises;
    }

    private static Line line(int exit, String... args) {
        return new Line(List.of(args), exit);
    }

    private static Path temporaryHome() {
        try {
            return Files.createTempDirectory("lepton-training");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path home) {
        try {
            Files.deleteIfExists(home);
        } catch (IOException e) {
            System.err.println("lepton: cannot delete " + home + " (" + e.getMessage() + ")");
        }
    }
}
