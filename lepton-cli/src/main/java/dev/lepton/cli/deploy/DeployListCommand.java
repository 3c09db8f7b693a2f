package dev.lepton.cli.deploy;

import dev.lepton.api.v1.ApiDeployment;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code lepton deploy list}: the project's deployments, one line each. */
@Command(name = "list", aliases = "ls", description = "List the deployments in the project.")
public final class DeployListCommand extends LeptonSubcommand {
    @Override
    public Integer call() {
        Session session = session();
        List<ApiDeployment> deployments = session.client().deployments(session.project());
        session.output().show(deployments, list -> list.isEmpty() ? "No deployments in project " + session.project() + "."
                : DeploymentText.table(list, session.clock().instant()));
        return 0;
    }
}
