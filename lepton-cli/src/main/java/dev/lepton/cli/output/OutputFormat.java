package dev.lepton.cli.output;

/** The {@code -o} choices; the CLI accepts them in any case ({@code -o json}). */
public enum OutputFormat {
    TABLE,
    JSON,
    YAML,
    /** Comma-separated rows under a header, for spreadsheets: only commands that print one table take it. */
    CSV
}
