package dev.lepton.cli.cluster;

import dev.lepton.api.v1.ApiCohort;
import dev.lepton.api.v1.ApiQueue;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import dev.lepton.cli.output.Table;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/** {@code lepton cohort list}: each declared cohort, its parent and the queues that belong to it. */
@Command(name = "list", aliases = "ls", description = "List cohorts with their parent and their queues.")
public final class CohortListCommand extends LeptonSubcommand {
    @Override
    public Integer call() {
        Session session = session();
        List<ApiCohort> cohorts = session.client().cohorts();
        List<ApiQueue> queues = session.output().isHuman() ? session.client().queues() : List.of();
        session.output().show(cohorts, c -> table(c, queues));
        return 0;
    }

    static String table(List<ApiCohort> cohorts, List<ApiQueue> queues) {
        if (cohorts.isEmpty()) {
            return "No cohorts declared (a cohort a queue names exists without being declared; declare one to give it a parent).";
        }
        Table table = Table.of("name", "parent", "queues");
        for (ApiCohort cohort : cohorts) {
            String members = queues.stream().filter(q -> Objects.equals(q.spec().cohort(), cohort.metadata().name()))
                    .map(q -> q.metadata().name()).sorted().collect(Collectors.joining(","));
            table.row(cohort.metadata().name(), cohort.spec().parent(), members.isEmpty() ? null : members);
        }
        return table.render();
    }
}
