package dev.lepton.server.jobs;

import dev.lepton.core.execution.ContainerImages;
import dev.lepton.core.execution.Executor;
import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.job.JobSpec;
import java.util.ArrayList;
import java.util.List;

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
        List<String> faults = switch (this) {
            case HOST -> spec.image().isPresent() ? List.of("spec.image: this server's executor runs commands on its nodes' hosts, "
                    + "not container images; leave spec.image out, or submit to a server started with --executor kubernetes") : List.of();
            case REQUIRED -> inImages(spec);
        };
        if (!faults.isEmpty()) {
            throw new LeptonException(ErrorCode.INVALID_SPEC, String.join("; ", faults));
        }
    }

    private static List<String> inImages(JobSpec spec) {
        List<String> faults = new ArrayList<>();
        if (spec.image().isEmpty()) {
            faults.add("spec.image: required on the kubernetes executor, which runs each worker in its job's container image; "
                    + "name one (image: python:3.12-slim in the spec, or lepton job run --image IMAGE)");
        }
        if (spec.code().isPresent()) {
            faults.add("spec.code: the kubernetes executor cannot ship code into a container; build the code into spec.image");
        }
        spec.workingDir().filter(dir -> !dir.startsWith("/")).ifPresent(dir -> faults.add("spec.workingDir: must be an absolute path "
                + "in the image on the kubernetes executor (got '" + dir + "'); left out, a worker starts in its image's working directory"));
        return faults;
    }
}
