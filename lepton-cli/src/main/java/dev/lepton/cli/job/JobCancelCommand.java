package dev.lepton.cli.job;

import dev.lepton.api.v1.ApiJob;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lepton job cancel NAME}: asks the server to stop the job; its workers are stopped asynchronously. */
@Command(name = "cancel", description = "Cancel a job (its workers are stopped).")
public final class JobCancelCommand extends LeptonSubcommand {
    @Parameters(paramLabel = "NAME", description = "The job.")
    String name;

    @Override
    public Integer call() {
        Session session = session();
        ApiJob job = session.client().cancelJob(session.project(), name);
        session.output().show(job, JobCancelCommand::text);
        return 0;
    }

    private static String text(ApiJob job) {
        if (JobText.phase(job).equalsIgnoreCase("Cancelled")) {
            return JobText.ref(job) + " cancelled";
        }
        return JobText.ref(job) + " cancelling (phase " + JobText.phase(job) + "); 'lepton job wait "
                + job.metadata().name() + "' waits for it to stop";
    }
}
