package dev.lepton.cli.apply;

import static java.util.Objects.requireNonNull;

import dev.lepton.api.v1.ApiJob;

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
}
