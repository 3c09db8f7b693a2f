package dev.lepton.cli.cluster;

import dev.lepton.api.v1.ApiQueue;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lepton queue delete NAME}: removes a queue that holds no live job. */
@Command(name = "delete", aliases = "rm", description = "Delete a queue that holds no queued or running job (admin).")
public final class QueueDeleteCommand extends LeptonSubcommand {
    @Parameters(paramLabel = "NAME", description = "The queue.")
    String name;

    @Override
    public Integer call() {
        Session session = session();
        ApiQueue deleted = session.client().deleteQueue(name);
        session.output().show(deleted, q -> "queue/" + q.metadata().name() + " deleted");
        return 0;
    }
}
