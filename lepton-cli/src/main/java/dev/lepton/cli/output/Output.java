package dev.lepton.cli.output;

import static java.util.Objects.requireNonNull;

import dev.lepton.api.codec.Codec;
import dev.lepton.cli.CliFailure;
import dev.lepton.cli.ExitCode;
import java.io.PrintStream;
import java.util.function.Function;

/**
 * Where a command's results go. In table mode a command renders its own human summary; in JSON or
 * YAML mode the API objects themselves are printed, so scripts see exactly what the server sent.
 */
public final class Output {
    private final OutputFormat format;
    private final PrintStream out;

    public Output(OutputFormat format, PrintStream out) {
        this.format = requireNonNull(format, "format is null");
        this.out = requireNonNull(out, "out is null");
    }

    public OutputFormat format() {
        return format;
    }

    public boolean isHuman() {
        return format == OutputFormat.TABLE;
    }

    /** Prints {@code value} for people through {@code human}, or as JSON/YAML; CSV is for commands that print one table. */
    public <T> void show(T value, Function<? super T, String> human) {
        switch (format) {
            case TABLE -> line(human.apply(value));
            case JSON -> line(Codec.toJson(value));
            case YAML -> out.print(Codec.toYaml(value));
            case CSV -> throw new CliFailure(ExitCode.USAGE, "-o csv: this command prints no single table; use -o json or -o yaml");
        }
        out.flush();
    }

    /** As {@link #show}, and in CSV mode the rows of {@code table} alone. */
    public <T> void show(T value, Function<? super T, String> human, Function<? super T, Table> table) {
        if (format == OutputFormat.CSV) {
            out.print(table.apply(value).csv());
            out.flush();
            return;
        }
        show(value, human);
    }

    /** For commands that already told people line by line: prints {@code value} in JSON/YAML mode only. */
    public void data(Object value) {
        if (!isHuman()) {
            show(value, v -> "");
        }
    }

    /** A line meant for people only: JSON/YAML output must stay parseable, so it is dropped there. */
    public void note(String text) {
        if (isHuman()) {
            line(text);
        }
    }

    public void line(String text) {
        out.println(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
        out.flush();
    }
}
