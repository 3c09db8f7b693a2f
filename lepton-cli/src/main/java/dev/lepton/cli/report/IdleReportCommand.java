package dev.lepton.cli.report;

import dev.lepton.api.v1.ApiIdleReport;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import dev.lepton.cli.output.Table;
import dev.lepton.cli.output.Units;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lepton report idle [-A]}: power advice, the workers that hold resources they do not use. */
@Command(name = "idle", description = "Workers holding GPUs or CPUs they do not use, what they cost, what stopping them saves.")
public final class IdleReportCommand extends LeptonSubcommand {
    @Option(names = {"-A", "--all-projects"}, description = "Every project (needs a role in every project).")
    boolean allProjects;

    @Override
    public Integer call() {
        Session session = session();
        ApiIdleReport report = session.client().idleReport(allProjects ? Optional.empty() : Optional.of(session.project()));
        Instant now = session.clock().instant();
        session.output().show(report, r -> text(r, now), r -> table(r, now));
        return 0;
    }

    static String text(ApiIdleReport report, Instant now) {
        String rule = String.format(Locale.ROOT, "under %.0f%% of what they hold for %s", report.threshold() * 100, report.window());
        if (report.workers().isEmpty()) {
            return "No idle workers (" + rule + ").";
        }
        return "Idle workers (" + rule + "); stopping them all saves " + EnergyReportCommand.significant(report.savingKwhPerHour())
                + " kWh and $" + EnergyReportCommand.significant(report.savingDollarsPerHour()) + " an hour.\n\n" + table(report, now).render();
    }

    static Table table(ApiIdleReport report, Instant now) {
        Table table = Table.of("job", "worker", "node", "holds", "use", "idle-for", "wasted-kwh", "wasted-dollars", "saves-kwh/h", "saves-dollars/h");
        for (ApiIdleReport.Row row : report.workers()) {
            table.row(row.project() + "/" + row.job(), row.worker(), row.node(), row.holds(),
                    String.format(Locale.ROOT, "%.1f%%", row.utilisation() * 100), Units.age(row.idleSince(), now),
                    EnergyReportCommand.significant(row.wastedKwh()), EnergyReportCommand.significant(row.wastedDollars()),
                    EnergyReportCommand.significant(row.savingKwhPerHour()), EnergyReportCommand.significant(row.savingDollarsPerHour()));
        }
        return table;
    }
}
