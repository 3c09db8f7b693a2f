package dev.lepton.sim.pollux;

import static java.util.Objects.requireNonNull;

/**
 * One row of a Pollux workload: a job's name, arrival (seconds from the trace's start), application
 * and its tuned configuration ({@code replicas} GPUs, total batch {@code batchSize}).
 */
public record WorkloadJob(String name, double arrival, String application, int replicas, int batchSize) {
    public WorkloadJob {
        requireNonNull(name, "name is null");
        requireNonNull(application, "application is null");
        if (!(arrival >= 0) || replicas < 1 || batchSize < 1) {
            throw new IllegalArgumentException("job " + name + ": needs arrival >= 0, replicas >= 1 and batchSize >= 1, got "
                    + arrival + ", " + replicas + ", " + batchSize);
        }
    }

    /** The same job arriving {@code load} times faster (load 2 halves every arrival time). */
    WorkloadJob atLoad(double load) {
        return load == 1.0 ? this : new WorkloadJob(name, arrival / load, application, replicas, batchSize);
    }
}
