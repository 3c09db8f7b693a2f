package dev.lepton.cli.deploy;

import dev.lepton.api.v1.ApiDeployment;
import dev.lepton.api.v1.ApiReplica;
import dev.lepton.cli.CliFailure;
import dev.lepton.cli.ExitCode;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import dev.lepton.cli.job.JobLogsCommand;
import java.util.List;
import java.util.OptionalInt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lepton deploy logs NAME}: a replica's output, which is its job's log; by default the first replica's. */
@Command(name = "logs", description = "Print a replica's output (its job's log).")
public final class DeployLogsCommand extends LeptonSubcommand {
    @Parameters(paramLabel = "NAME", description = "The deployment.")
    String name;

    @Option(names = "--replica", paramLabel = "JOB", description = "The replica, by its job's name (lepton deploy status NAME lists them; "
            + "default: the first).")
    String replica;

    @Option(names = {"-f", "--follow"}, description = "Keep printing until the replica ends.")
    boolean follow;

    @Override
    public Integer call() {
        Session session = session();
        String job = replica != null ? replica : firstReplica(session.client().deployment(session.project(), name));
        JobLogsCommand.print(session, session.project(), job, 0, OptionalInt.empty(), follow);
        return 0;
    }

    static String firstReplica(ApiDeployment deployment) {
        List<ApiReplica> replicas = DeploymentText.replicas(deployment);
        if (replicas.isEmpty()) {
            throw new CliFailure(ExitCode.FAILED, "deployment " + deployment.metadata().name()
                    + " has no replica yet, so no logs; lepton deploy status " + deployment.metadata().name() + " says where it stands");
        }
        return replicas.getFirst().job();
    }
}
