package dev.lepton.cli.cluster;

import dev.lepton.api.v1.ApiCohort;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lepton cohort delete NAME}: removes a cohort that no queue or cohort names. */
@Command(name = "delete", aliases = "rm", description = "Delete a cohort that no queue or cohort names (admin).")
public final class CohortDeleteCommand extends LeptonSubcommand {
    @Parameters(paramLabel = "NAME", description = "The cohort.")
    String name;

    @Override
    public Integer call() {
        Session session = session();
        ApiCohort deleted = session.client().deleteCohort(name);
        session.output().show(deleted, c -> "cohort/" + c.metadata().name() + " deleted");
        return 0;
    }
}
