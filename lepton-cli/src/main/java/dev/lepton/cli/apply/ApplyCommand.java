package dev.lepton.cli.apply;

import dev.lepton.api.v1.ApiDeployment;
import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.Problem;
import dev.lepton.cli.ExitCode;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import dev.lepton.cli.apply.Manifest.CohortManifest;
import dev.lepton.cli.apply.Manifest.DeploymentManifest;
import dev.lepton.cli.apply.Manifest.JobManifest;
import dev.lepton.cli.apply.Manifest.QueueManifest;
import dev.lepton.cli.code.CodeUpload;
import dev.lepton.cli.deploy.DeploymentText;
import dev.lepton.cli.deploy.ModelUpload;
import dev.lepton.cli.job.JobText;
import dev.lepton.client.ApiException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lepton apply -f FILE}: submits every object in the file. Jobs are immutable, so applying a
 * file again is fine when nothing in it changed ("unchanged"), and an error when something did. A
 * file of several documents is checked whole on the server first (a dry run of each), so that one
 * bad document leaves nothing of the file applied; deployments, which the server cannot dry-run,
 * are only read then, and a deployment changed in the file becomes its next revision.
 */
@Command(name = "apply", description = "Create the objects described in a YAML or JSON file.",
        footer = {"", "FILE may hold several documents separated by '---'; '-' reads standard input."})
public final class ApplyCommand extends LeptonSubcommand {
    private static final String ALREADY_EXISTS = "ALREADY_EXISTS";

    @Option(names = {"-f", "--filename"}, paramLabel = "FILE", required = true, description = "YAML or JSON file, or - for stdin.")
    String file;

    @Option(names = "--dry-run", description = "Validate on the server without creating anything.")
    boolean dryRun;

    @Override
    public Integer call() {
        Session session = session();
        List<Manifest> manifests = ManifestReader.read(file, session.environment().in(), session.project()).stream()
                .map(m -> withCodeShipped(session, m)).toList();
        if (!dryRun && manifests.size() > 1) {
            for (Manifest manifest : manifests) {
                try {
                    if (apply(session, manifest, true, false).isEmpty()) {
                        return ExitCode.FAILED.code();
                    }
                } catch (ApiException e) {
                    throw inDocument(manifest, e, "; nothing in " + sourceName() + " was applied");
                }
            }
        }
        List<Object> applied = new ArrayList<>();
        boolean allApplied = true;
        for (Manifest manifest : manifests) {
            Optional<Object> result;
            try {
                result = apply(session, manifest, dryRun, true);
            } catch (ApiException e) {
                throw manifests.size() > 1 ? inDocument(manifest, e, "") : e;
            }
            result.ifPresent(applied::add);
            allApplied &= result.isPresent();
        }
        session.output().data(applied);
        return allApplied ? ExitCode.OK.code() : ExitCode.FAILED.code();
    }

    /**
     * A job whose {@code code:} names a local directory (relative to the file, or to the working
     * directory for stdin) gets it packed and uploaded, and names the snapshot instead; a deployment's
     * local {@code model:} file and {@code code:} directory likewise. A dry run uploads too, so that
     * the server can check the job as it would run.
     */
    private Manifest withCodeShipped(Session session, Manifest manifest) {
        if (manifest instanceof DeploymentManifest deployment) {
            return new DeploymentManifest(deployment.index(), ModelUpload.withLocalFilesShipped(session, deployment.deployment(),
                    ManifestReader.base(file), sourceName() + ": document " + deployment.index()));
        }
        if (!(manifest instanceof JobManifest job) || job.job().spec() == null || job.job().spec().code() == null
                || CodeUpload.isReference(job.job().spec().code())) {
            return manifest;
        }
        Path directory = ManifestReader.base(file).resolve(job.job().spec().code());
        String ref = CodeUpload.ship(session, directory, sourceName() + ": document " + job.index() + ": spec.code");
        ApiJob api = job.job();
        return new JobManifest(job.index(), new ApiJob(api.kind(), api.apiVersion(), api.metadata(), api.spec().withCode(ref), api.status()));
    }

    /** One document, for real or as a dry run; {@code tell} prints what happened. Empty when it was refused (and said why). */
    private Optional<Object> apply(Session session, Manifest manifest, boolean dry, boolean tell) {
        return switch (manifest) {
            case JobManifest job -> applyJob(session, job, dry, tell);
            case QueueManifest queue -> applied(session, "queue/" + name(queue.queue().metadata()),
                    session.client().applyQueue(queue.queue(), dry), dry, tell);
            case CohortManifest cohort -> applied(session, "cohort/" + name(cohort.cohort().metadata()),
                    session.client().applyCohort(cohort.cohort(), dry), dry, tell);
            case DeploymentManifest deployment -> applyDeployment(session, deployment, dry, tell);
        };
    }

    /** The server has no dry run for deployments: a dry run only reads them (and ships their files), and says so. */
    private Optional<Object> applyDeployment(Session session, DeploymentManifest manifest, boolean dry, boolean tell) {
        if (dry) {
            if (tell) {
                session.output().note(DeploymentText.ref(manifest.name()) + " read (deployments are not checked by a dry run)");
            }
            return Optional.of(manifest.deployment());
        }
        ApiDeployment applied = session.client().applyDeployment(manifest.deployment().metadata().project(), manifest.deployment());
        if (tell) {
            session.output().note(DeploymentText.done(applied, "applied"));
        }
        return Optional.of(applied);
    }

    private Optional<Object> applied(Session session, String what, Object result, boolean dry, boolean tell) {
        if (tell) {
            session.output().note(what + (dry ? " valid (dry run)" : " applied"));
        }
        return Optional.of(result);
    }

    private static String name(dev.lepton.api.v1.ObjectMeta meta) {
        return meta == null ? "?" : meta.name();
    }

    /** The created (or unchanged) job, or empty after printing why the file's job conflicts with the server's. */
    private Optional<Object> applyJob(Session session, JobManifest manifest, boolean dry, boolean tell) {
        ApiJob job = manifest.job();
        try {
            ApiJob created = session.client().createJob(job, dry, Optional.empty());
            if (tell) {
                session.output().note(JobText.submitted(created, dry));
            }
            return Optional.of(created);
        } catch (ApiException e) {
            if (e.status() != 409 || !ALREADY_EXISTS.equals(e.code())) {
                throw e;
            }
        }
        ApiJob existing = session.client().job(job.metadata().project(), manifest.name());
        Optional<String> difference = SpecMatch.firstDifference("spec", job.spec(), existing.spec());
        if (difference.isEmpty()) {
            if (tell) {
                session.output().note(JobText.ref(manifest.name()) + " unchanged (jobs are immutable; use a new name to run again)");
            }
            return Optional.of(existing);
        }
        session.environment().err().println("error: " + JobText.ref(manifest.name()) + " (document " + manifest.index()
                + ") already exists with a different spec (" + difference.orElseThrow()
                + "); jobs are immutable: give it a new name to run it again");
        return Optional.empty();
    }

    /** The server's refusal, saying which document of the file it is about. */
    private static ApiException inDocument(Manifest manifest, ApiException e, String suffix) {
        Problem p = e.problem();
        String which = switch (manifest) {
            case JobManifest job -> JobText.ref(job.name());
            case QueueManifest queue -> "queue/" + name(queue.queue().metadata());
            case CohortManifest cohort -> "cohort/" + name(cohort.cohort().metadata());
            case DeploymentManifest deployment -> DeploymentText.ref(deployment.name());
        };
        return new ApiException(new Problem(p.type(), p.title(), p.status(), "document " + manifest.index() + " (" + which + "): "
                + e.getMessage() + suffix, p.code(), p.instance()));
    }

    private String sourceName() {
        return ManifestReader.sourceName(file);
    }
}
