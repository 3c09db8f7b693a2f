package dev.lepton.cli.report;

import dev.lepton.api.v1.ApiSustainability;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import dev.lepton.cli.output.Table;
import dev.lepton.cli.usage.TimeWindow;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code lepton report sustainability [--from X] [--to Y]}: the cluster's economic, environmental and social indicators. */
@Command(name = "sustainability", description = "Economic, environmental and social indicators of the whole cluster over a window "
        + "(a role in every project).")
public final class SustainabilityCommand extends LeptonSubcommand {
    @Mixin
    TimeWindow window;

    @Override
    public Integer call() {
        Session session = session();
        ApiSustainability report = session.client().sustainability(window.from(), window.to());
        session.output().show(report, SustainabilityCommand::text, SustainabilityCommand::table);
        return 0;
    }

    static String text(ApiSustainability report) {
        return "Sustainability from " + report.from() + " to " + report.to() + "\n\n" + table(report).render();
    }

    /** One indicator a row: its kind, its name, its value and unit; what cannot be known shows as -. */
    static Table table(ApiSustainability report) {
        ApiSustainability.Economic e = report.economic();
        ApiSustainability.Environmental env = report.environmental();
        String unit = e.resource() + "-hour";
        Table table = Table.of("kind", "indicator", "value");
        table.row("economic", "total cost", "$" + EnergyReportCommand.significant(e.totalCostDollars()));
        table.row("economic", "cost of idle capacity", "$" + EnergyReportCommand.significant(e.idleCapacityCostDollars()));
        table.row("economic", "cost per " + unit, e.costPerResourceHour() == null ? null : "$" + EnergyReportCommand.significant(e.costPerResourceHour()));
        table.row("economic", "utilisation (" + e.resource() + ")", percent(e.utilisation()));
        table.row("environmental", "energy", EnergyReportCommand.significant(env.kwh()) + " kWh");
        table.row("environmental", "carbon", EnergyReportCommand.significant(env.kgCo2e()) + " kgCO2e");
        table.row("environmental", "energy measured (not modelled)", percent(env.measuredShare()));
        table.row("environmental", "intensity paid", grams(env.averageIntensityPaid()));
        table.row("environmental", "grid average intensity", grams(env.gridAverageIntensity()));
        table.row("environmental", "carbon avoided by deferral", env.carbonAvoidedKg() == null ? null
                : EnergyReportCommand.significant(env.carbonAvoidedKg()) + " kgCO2e");
        for (ApiSustainability.Access a : report.access()) {
            table.row("social", "queue " + a.queue() + ": share of " + unit + "s (of quota)",
                    percent(a.share()) + (a.quotaShare() == null ? " (no quota)" : " (" + percent(a.quotaShare()) + ")"));
        }
        return table;
    }

    private static String percent(Double ratio) {
        return ratio == null ? null : String.format(Locale.ROOT, "%.1f%%", ratio * 100);
    }

    private static String grams(Double perKwh) {
        return perKwh == null ? null : String.format(Locale.ROOT, "%.0f gCO2e/kWh", perKwh);
    }
}
