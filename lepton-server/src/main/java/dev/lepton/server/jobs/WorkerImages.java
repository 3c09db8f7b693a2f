package dev.lepton.server.jobs;

import dev.lepton.core.execution.ContainerImages;
import dev.lepton.core.execution.Executor;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.job.JobSpec;
import dev.lepton.core.serving.DeploymentSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether this server's workers run in container images, which its executor decides: what a job's
 * {@code spec.image} must be, checked at submission so that a job that could never start is refused then.
 */
public enum WorkerImages {
    /** Commands run on the nodes' hosts (the local and Slurm executors): a job names no image. */
    HOST,
    /** Each worker runs in its job's container image (Kubernetes): a job names one, and ships its code in it. */
    REQUIRED;

    public static WorkerImages of(Executor executor) {
        return executor instanceof ContainerImages ? REQUIRED : HOST;
    }

    /** Refuses a spec these workers cannot run, naming each field at fault. */
    void check(JobSpec spec) {
        refuse(switch (this) {
            case HOST -> onHosts(spec.image());
            case REQUIRED -> inImages(spec.image(), spec.code(), spec.workingDir());
        });
    }

    /**
     * Refuses a deployment whose replicas these workers cannot run, when it is created rather than when its first replica
     * is: as a job's, its image and code; and a model, whose replicas run {@code lepton serve-model} from this server's
     * lepton.jar on a node's host, which no container image has.
     */
    public void check(DeploymentSpec spec) {
        if (this == REQUIRED && spec.model().isPresent()) {
            refuse(List.of("spec.model: a model's replicas run lepton serve-model from this server's lepton.jar on a node's host, and "
                    + "the kubernetes executor runs containers; deploy a command in an image that serves the model (spec.command and spec.image)"));
        }
        refuse(this == REQUIRED ? inImages(spec.image(), spec.code(), Optional.empty()) : onHosts(spec.image()));
    }

    private static List<String> onHosts(Optional<String> image) {
        return image.isPresent() ? List.of("spec.image: this server's executor runs commands on its nodes' hosts, "
                + "not container images; leave spec.image out, or submit to a server started with --executor kubernetes") : List.of();
    }

    private static void refuse(List<String> faults) {
        if (!faults.isEmpty()) {
            throw new LeptonException(ErrorCode.INVALID_SPEC, String.join("; ", faults));
        }
    }

    private static List<String> inImages(Optional<String> image, Optional<String> code, Optional<String> workingDir) {
        List<String> faults = new ArrayList<>();
        if (image.isEmpty()) {
            faults.add("spec.image: required on the kubernetes executor, which runs each worker in its job's container image; "
                    + "name one (image: python:3.12-slim in the spec, or lepton job run --image IMAGE)");
        }
        if (code.isPresent()) {
            faults.add("spec.code: the kubernetes executor cannot ship code into a container; build the code into spec.image");
        }
        workingDir.filter(dir -> !dir.startsWith("/")).ifPresent(dir -> faults.add("spec.workingDir: must be an absolute path "
                + "in the image on the kubernetes executor (got '" + dir + "'); left out, a worker starts in its image's working directory"));
        return faults;
    }
}
