package dev.lepton.core.policy;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.placement.Constraints;
import dev.lepton.core.placement.PlacementRequest;
import dev.lepton.core.resource.Accelerators;
import dev.lepton.core.resource.Resources;
import java.util.ArrayList;
import java.util.List;

/** One way to cut a gang: {@code workers} workers of {@code perWorker}. */
record Shape(Resources perWorker, int workers) {
    Shape {
        requireNonNull(perWorker, "perWorker is null");
    }

    PlacementRequest request(String job, Constraints constraints) {
        return new PlacementRequest(job, perWorker, workers, constraints);
    }

    /**
     * The shapes to try for a candidate, fewest workers first: just its own, or for a reshapeable one
     * every even split of its GPUs (of one accelerator name) into workers that a node can hold. Empty when none
     * could ever fit.
     */
    static List<Shape> of(Candidate c, FreeCapacity capacity) {
        Accelerators gang = c.perWorker().accelerators().times(c.workers());
        if (!c.reshapeable() || c.gpus() == 0 || gang.soleName() == null) {
            return capacity.everHolds(c.perWorker(), c.workers()) ? List.of(new Shape(c.perWorker(), c.workers())) : List.of();
        }
        int total = c.gpus();
        long cpu = c.perWorker().cpuMillis() * c.workers();
        long memory = c.perWorker().memoryBytes() * c.workers();
        int largest = capacity.largestNodeGpus();
        List<Shape> shapes = new ArrayList<>(2);
        for (int workers = 1; workers <= total; workers++) {
            if (total % workers != 0 || total / workers > largest) {
                continue;
            }
            Resources each = new Resources(ceilDiv(cpu, workers), ceilDiv(memory, workers), gang.withCount(total / workers));
            if (capacity.everHolds(each, workers)) {
                shapes.add(new Shape(each, workers));
            }
        }
        return shapes;
    }

    /** What one worker of a running candidate holds, when it runs as {@code assigned} workers. */
    static Resources perAssignment(Candidate c, int assigned) {
        if (assigned == c.workers()) {
            return c.perWorker();
        }
        Accelerators gang = c.perWorker().accelerators().times(c.workers());
        return new Resources(ceilDiv(c.perWorker().cpuMillis() * c.workers(), assigned),
                ceilDiv(c.perWorker().memoryBytes() * c.workers(), assigned),
                gang.size() <= 1 ? gang.withCount(gang.total() / assigned) : gang.dividedBy(assigned));
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
