package dev.lepton.cli.deploy;

import dev.lepton.api.v1.ApiDeployment;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lepton deploy status NAME}: where a deployment stands, a row per replica and per revision, then its latest events. */
@Command(name = "status", description = "Show a deployment's phase, revision and ready replicas, each replica and revision, and its latest events.")
public final class DeployStatusCommand extends LeptonSubcommand {
    @Parameters(paramLabel = "NAME", description = "The deployment.")
    String name;

    @Override
    public Integer call() {
        Session session = session();
        ApiDeployment deployment = session.client().deployment(session.project(), name);
        session.output().show(deployment, d -> DeploymentText.status(d) + DeploymentText.events(session.client().deploymentEvents(session.project(), name)));
        return 0;
    }
}
