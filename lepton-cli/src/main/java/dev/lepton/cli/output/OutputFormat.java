package dev.lepton.cli.output;

/** The {@code -o} choices; the CLI accepts them in any case ({@code -o json}). */
public enum OutputFormat {
    TABLE,
    JSON,
    YAML
}
