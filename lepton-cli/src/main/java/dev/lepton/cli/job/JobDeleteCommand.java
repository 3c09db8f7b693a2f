package dev.lepton.cli.job;

import dev.lepton.api.v1.ApiJob;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code lepton job delete NAME}: forgets a job that has ended, with its events, logs and working
 * directories. A job that has not ended is refused (as {@code dstack delete} refuses an active run):
 * cancel it first.
 */
@Command(name = "delete", description = "Delete a job that has ended, with its events and logs (cancel a running one first).")
public final class JobDeleteCommand extends LeptonSubcommand {
    @Parameters(paramLabel = "NAME", description = "The job.")
    String name;

    @Override
    public Integer call() {
        Session session = session();
        ApiJob job = session.client().deleteJob(session.project(), name);
        session.output().show(job, deleted -> JobText.ref(deleted) + " deleted");
        return 0;
    }
}
