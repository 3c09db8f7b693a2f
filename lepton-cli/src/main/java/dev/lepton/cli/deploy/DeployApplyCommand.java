package dev.lepton.cli.deploy;

import dev.lepton.api.v1.ApiDeployment;
import dev.lepton.cli.CliFailure;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import dev.lepton.cli.apply.Manifest;
import dev.lepton.cli.apply.Manifest.DeploymentManifest;
import dev.lepton.cli.apply.ManifestReader;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lepton deploy apply -f FILE}: creates each deployment in the file, or updates it (a changed spec is a new
 * revision). A local {@code model: FILE.onnx} or {@code code: DIR}, relative to the file, is shipped first.
 */
@Command(name = "apply", description = "Create or update the deployments described in a YAML or JSON file.",
        footer = {"", "FILE may hold several documents separated by '---'; '-' reads standard input.",
                "lepton apply -f takes deployments along with jobs, queues and cohorts."})
public final class DeployApplyCommand extends LeptonSubcommand {
    @Option(names = {"-f", "--filename"}, paramLabel = "FILE", required = true, description = "YAML or JSON file, or - for stdin.")
    String file;

    @Override
    public Integer call() {
        Session session = session();
        String source = ManifestReader.sourceName(file);
        List<DeploymentManifest> manifests = new ArrayList<>();
        for (Manifest manifest : ManifestReader.read(file, session.environment().in(), session.project())) {
            if (!(manifest instanceof DeploymentManifest deployment)) {
                throw CliFailure.badFile(source, "document " + manifest.index() + " is not a Deployment (lepton apply -f takes every kind)");
            }
            manifests.add(deployment);
        }
        List<ApiDeployment> applied = new ArrayList<>();
        for (DeploymentManifest manifest : manifests) {
            ApiDeployment deployment = ModelUpload.withLocalFilesShipped(session, manifest.deployment(), ManifestReader.base(file),
                    source + ": document " + manifest.index());
            ApiDeployment answer = session.client().applyDeployment(deployment.metadata().project(), deployment);
            session.output().note(DeploymentText.done(answer, "applied"));
            applied.add(answer);
        }
        session.output().data(applied.size() == 1 ? applied.getFirst() : applied);
        return 0;
    }
}
