package dev.lepton.cli.usage;

import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --from} and {@code --to} of the commands that sum a ledger over a window (usage, reports); a picocli mixin. */
public final class TimeWindow {
    @Option(names = "--from", paramLabel = "WHEN", description = "Start: an instant (2026-12-01T08:00:00Z), a day (2026-12-01) or a time ago (7d); "
            + "default 30 days before --to.")
    String from;

    @Option(names = "--to", paramLabel = "WHEN", description = "End, as --from; default now.")
    String to;

    public Optional<String> from() {
        return Optional.ofNullable(from);
    }

    public Optional<String> to() {
        return Optional.ofNullable(to);
    }
}
