package dev.lepton.cli.deploy;

import dev.lepton.api.v1.ApiDeployment;
import dev.lepton.api.v1.ApiScale;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code lepton deploy scale NAME (--replicas N | --min N --max N)}: new bounds on the replica count, the same revision. */
@Command(name = "scale", description = "Change how many replicas a deployment may have.",
        footer = {"", "Example: lepton deploy scale iris --replicas 3", "         lepton deploy scale iris --min 0 --max 8"})
public final class DeployScaleCommand extends LeptonSubcommand {
    @Parameters(paramLabel = "NAME", description = "The deployment.")
    String name;

    @Mixin
    ReplicaFlags replicas;

    @Override
    public Integer call() {
        ApiScale scale = replicas.scale();
        Session session = session();
        ApiDeployment scaled = session.client().scaleDeployment(session.project(), name, scale);
        session.output().show(scaled, d -> DeploymentText.done(d, "scaled to " + scale.min() + ".." + scale.max() + " replicas"));
        return 0;
    }
}
