package dev.lepton.cli.job;

import dev.lepton.api.v1.ApiEvent;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import dev.lepton.cli.output.Table;
import dev.lepton.cli.output.Units;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lepton job events NAME}: the job's history, oldest first. */
@Command(name = "events", description = "Show what happened to a job, oldest first.")
public final class JobEventsCommand extends LeptonSubcommand {
    @Parameters(paramLabel = "NAME", description = "The job.")
    String name;

    @Override
    public Integer call() {
        Session session = session();
        List<ApiEvent> events = session.client().jobEvents(session.project(), name);
        session.output().show(events, JobEventsCommand::table);
        return 0;
    }

    static String table(List<ApiEvent> events) {
        if (events.isEmpty()) {
            return "No events yet.";
        }
        Table table = Table.of("time", "type", "message");
        events.forEach(event -> table.row(Units.time(event.at()), event.type(), event.message()));
        return table.render();
    }
}
