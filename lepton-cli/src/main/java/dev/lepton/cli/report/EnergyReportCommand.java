package dev.lepton.cli.report;

import dev.lepton.api.v1.ApiEnergy;
import dev.lepton.api.v1.ApiEnergyReport;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import dev.lepton.cli.output.Table;
import dev.lepton.cli.usage.TimeWindow;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lepton report energy|carbon|cost [--by KEY] [--from X] [--to Y] [-A]}: one report from the
 * energy ledger, its rows sorted by the figure the subcommand names, that figure first.
 */
public abstract class EnergyReportCommand extends LeptonSubcommand {
    /** Every figure a report shows, by column. */
    private static final Map<String, ToDoubleFunction<ApiEnergy>> FIGURES = new LinkedHashMap<>();

    static {
        FIGURES.put("kwh", ApiEnergy::kwh);
        FIGURES.put("gco2e", ApiEnergy::co2eGrams);
        FIGURES.put("dollars", ApiEnergy::costDollars);
    }

    @Option(names = "--by", paramLabel = "KEY", defaultValue = "project", description = "job, queue, project, user, node or day (default: ${DEFAULT-VALUE}).")
    String by;

    @Mixin
    TimeWindow window;

    @Option(names = {"-A", "--all-projects"}, description = "Every project, and what no workload carried (needs a role in every project).")
    boolean allProjects;

    /** The figure this report leads with and sorts by: {@code kwh}, {@code gco2e} or {@code dollars}. */
    abstract String column();

    @Override
    public Integer call() {
        Session session = session();
        ApiEnergyReport report = session.client().energyReport(allProjects ? Optional.empty() : Optional.of(session.project()), by,
                window.from(), window.to());
        session.output().show(report, this::text, this::table);
        return 0;
    }

    String text(ApiEnergyReport report) {
        String window = column() + " from " + report.from() + " to " + report.to() + ", by " + report.by();
        return report.rows().isEmpty() ? window + ": nothing was metered." : window + "\n\n" + table(report).render();
    }

    /** One row per key, most first, then the total and, for every project, what no workload carried. */
    Table table(ApiEnergyReport report) {
        List<String> columns = new ArrayList<>(List.of(report.by(), column()));
        FIGURES.keySet().stream().filter(name -> !name.equals(column())).forEach(columns::add);
        columns.add("energy");
        Table table = Table.of(columns.toArray(String[]::new));
        report.rows().stream().sorted(Comparator.comparingDouble((ApiEnergyReport.Row row) -> figure(row.energy())).reversed())
                .forEach(row -> add(table, row.key(), row.energy()));
        add(table, "(total)", report.total());
        if (report.unattributed() != null) {
            add(table, "(no workload)", report.unattributed());
        }
        return table;
    }

    private void add(Table table, String key, ApiEnergy energy) {
        List<Object> cells = new ArrayList<>(List.of(key, significant(figure(energy))));
        FIGURES.forEach((name, value) -> {
            if (!name.equals(column())) {
                cells.add(significant(value.applyAsDouble(energy)));
            }
        });
        cells.add(energy.provenance());
        table.row(cells.toArray());
    }

    double figure(ApiEnergy energy) {
        return FIGURES.get(column()).applyAsDouble(energy);
    }

    static String significant(double value) {
        return new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    @Command(name = "energy", description = "Energy (kWh) by job, queue, project, user, node or day.")
    public static final class Energy extends EnergyReportCommand {
        @Override
        String column() {
            return "kwh";
        }
    }

    @Command(name = "carbon", description = "Carbon (gCO2e) by job, queue, project, user, node or day.")
    public static final class Carbon extends EnergyReportCommand {
        @Override
        String column() {
            return "gco2e";
        }
    }

    @Command(name = "cost", description = "Cost (dollars) by job, queue, project, user, node or day.")
    public static final class Cost extends EnergyReportCommand {
        @Override
        String column() {
            return "dollars";
        }
    }
}
