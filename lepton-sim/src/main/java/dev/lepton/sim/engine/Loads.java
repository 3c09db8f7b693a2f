package dev.lepton.sim.engine;

import dev.lepton.sim.trace.TraceJob;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** {@code --load X}: the same jobs arriving X times as fast (inter-arrival times divided by X). */
final class Loads {
    private Loads() {}

    static List<TraceJob> scale(List<TraceJob> jobs, double load) {
        List<TraceJob> sorted = new ArrayList<>(jobs);
        sorted.sort(Comparator.comparingLong(TraceJob::submitMillis));
        if (load == 1.0 || sorted.isEmpty()) {
            return sorted;
        }
        long origin = sorted.get(0).submitMillis();
        List<TraceJob> scaled = new ArrayList<>(sorted.size());
        for (TraceJob job : sorted) {
            scaled.add(job.submittedAt(origin + Math.round((job.submitMillis() - origin) / load)));
        }
        return scaled;
    }
}
