package dev.lepton.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import picocli.CommandLine;

/** A made-up process for the CLI: chosen variables, home, clock and stdin; captured stdout and stderr. */
public final class TestTerminal {
    public static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    private final Map<String, String> variables = new HashMap<>();
    private final Path home;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private byte[] stdin = new byte[0];

    public TestTerminal(Path home) {
        this.home = home;
    }

    public TestTerminal variable(String name, String value) {
        variables.put(name, value);
        return this;
    }

    public TestTerminal stdin(String text) {
        stdin = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    public Environment environment() {
        return new Environment(variables, home, InstantSource.fixed(NOW), new SplittableRandom(42),
                new ByteArrayInputStream(stdin), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    public CommandLine commandLine() {
        return LeptonCommand.commandLine(environment());
    }

    /** The command line as `lepton ARGS` builds it: only the commands ARGS names. */
    public CommandLine commandLine(String... args) {
        return LeptonCommand.commandLineFor(args, environment());
    }

    public int run(String... args) {
        return commandLine(args).execute(args);
    }

    public String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    public String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
