package dev.lepton.cli.deploy;

import dev.lepton.api.v1.ApiDeployment;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lepton deploy get NAME}: what a deployment serves and how, for people; the whole object with {@code -o yaml}. */
@Command(name = "get", description = "Show what a deployment serves, how it scales and where it stands.")
public final class DeployGetCommand extends LeptonSubcommand {
    @Parameters(paramLabel = "NAME", description = "The deployment.")
    String name;

    @Override
    public Integer call() {
        Session session = session();
        ApiDeployment deployment = session.client().deployment(session.project(), name);
        session.output().show(deployment, d -> DeploymentText.summary(d, session.clock().instant()));
        return 0;
    }
}
