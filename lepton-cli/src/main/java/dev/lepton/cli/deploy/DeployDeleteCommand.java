package dev.lepton.cli.deploy;

import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lepton deploy delete NAME}: the endpoint goes, and the server cancels the replicas' jobs. */
@Command(name = "delete", aliases = "rm", description = "Delete a deployment; its replicas are stopped.")
public final class DeployDeleteCommand extends LeptonSubcommand {
    @Parameters(paramLabel = "NAME", description = "The deployment.")
    String name;

    @Override
    public Integer call() {
        Session session = session();
        session.client().deleteDeployment(session.project(), name);
        session.output().note("deployment " + name + " deleted");
        return 0;
    }
}
