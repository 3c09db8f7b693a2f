package dev.lepton.cli.deploy;

import dev.lepton.api.v1.ApiDeployment;
import dev.lepton.cli.CliFailure;
import dev.lepton.cli.ExitCode;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import java.util.OptionalLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lepton deploy rollback NAME [--revision N]}: back to an earlier spec, by default the one before the current. */
@Command(name = "rollback", description = "Serve an earlier revision of a deployment's spec again.")
public final class DeployRollbackCommand extends LeptonSubcommand {
    @Parameters(paramLabel = "NAME", description = "The deployment.")
    String name;

    @Option(names = "--revision", paramLabel = "N", description = "The revision to go back to (default: the one before the current).")
    Long revision;

    @Override
    public Integer call() {
        if (revision != null && revision < 1) {
            throw new CliFailure(ExitCode.USAGE, "--revision: revisions are numbered from 1 (got " + revision + ")");
        }
        Session session = session();
        ApiDeployment rolledBack = session.client().rollbackDeployment(session.project(), name,
                revision == null ? OptionalLong.empty() : OptionalLong.of(revision));
        session.output().show(rolledBack, d -> DeploymentText.done(d, "rolled back"));
        return 0;
    }
}
