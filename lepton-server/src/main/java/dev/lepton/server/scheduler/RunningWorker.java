package dev.lepton.server.scheduler;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.resource.Resources;
import java.util.List;

/** A worker that holds resources on a node: what energy is attributed to, by what it holds, and whose it is. */
public record RunningWorker(AttemptId attempt, String project, String job, String queue, String node, Resources allocated, List<Integer> gpus) {
    public RunningWorker {
        requireNonNull(attempt, "attempt is null");
        requireNonNull(project, "project is null");
        requireNonNull(job, "job is null");
        requireNonNull(queue, "queue is null");
        requireNonNull(node, "node is null");
        requireNonNull(allocated, "allocated is null");
        gpus = List.copyOf(gpus);
    }
}
