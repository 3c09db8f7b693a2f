package dev.lepton.cli.usage;

import dev.lepton.api.v1.ApiUsage;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import dev.lepton.cli.output.Table;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lepton usage --by user|project|queue [--from X] [--to Y] [-A]}: jobs, GPU-hours and
 * CPU-hours over a window (default: the last 30 days), from the server's usage ledger.
 */
@Command(name = "usage", description = "Usage history: jobs, GPU-hours and CPU-hours by user, project or queue over a time window.")
public final class UsageCommand extends LeptonSubcommand {
    @Option(names = "--by", paramLabel = "KEY", defaultValue = "project", description = "user, project or queue (default: ${DEFAULT-VALUE}).")
    String by;

    @Mixin
    TimeWindow window;

    @Option(names = {"-A", "--all-projects"}, description = "Every project (needs a role in every project).")
    boolean allProjects;

    @Override
    public Integer call() {
        Session session = session();
        ApiUsage usage = session.client().usage(allProjects ? Optional.empty() : Optional.of(session.project()), by,
                window.from(), window.to());
        session.output().show(usage, UsageCommand::table);
        return 0;
    }

    static String table(ApiUsage usage) {
        String window = "Usage from " + usage.from() + " to " + usage.to() + ", by " + usage.by();
        if (usage.rows().isEmpty()) {
            return window + ": nothing ran.";
        }
        Table table = Table.of(usage.by(), "jobs", "attempts", "gpu-hours", "cpu-hours", "cpu-hours used");
        usage.rows().forEach(row -> table.row(row.key(), row.jobs(), row.attempts(), hours(row.gpuHours()), hours(row.cpuHours()),
                hours(row.cpuHoursUsed())));
        return window + "\n\n" + table.render();
    }

    private static String hours(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
