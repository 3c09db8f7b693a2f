package dev.lepton.cli.apply;

import static java.util.Objects.requireNonNull;

import dev.lepton.api.v1.ApiCohort;
import dev.lepton.api.v1.ApiDeployment;
import dev.lepton.api.v1.ApiJob;
import dev.lepton.api.v1.ApiQueue;

/** One document of an applied file, typed by its {@code kind}; {@code index} counts documents from 1. */
public sealed interface Manifest {
    int index();

    /** {@code kind: Job}. */
    record JobManifest(int index, ApiJob job) implements Manifest {
        public JobManifest {
            requireNonNull(job, "job is null");
        }

        public String name() {
            return job.metadata().name();
        }
    }

    /** {@code kind: Queue}: created, or its quota replaced. */
    record QueueManifest(int index, ApiQueue queue) implements Manifest {
        public QueueManifest {
            requireNonNull(queue, "queue is null");
        }
    }

    /** {@code kind: Cohort}: created, or its parent replaced. */
    record CohortManifest(int index, ApiCohort cohort) implements Manifest {
        public CohortManifest {
            requireNonNull(cohort, "cohort is null");
        }
    }

    /** {@code kind: Deployment}: created, or updated to a new revision when its spec changed. */
    record DeploymentManifest(int index, ApiDeployment deployment) implements Manifest {
        public DeploymentManifest {
            requireNonNull(deployment, "deployment is null");
        }

        public String name() {
            return deployment.metadata().name();
        }
    }
}
