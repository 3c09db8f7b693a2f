package dev.lepton.core.policy;

import java.time.Instant;
import java.util.Comparator;

/** The orderings the policies share, each a total order ending in submission time and id. */
final class Orders {
    static final Comparator<Candidate> FIRST_SUBMITTED =
            Comparator.comparing(Candidate::submitted).thenComparing(Candidate::id);

    static final Comparator<Candidate> HIGHEST_PRIORITY =
            Comparator.comparingInt(Candidate::priority).reversed().thenComparing(FIRST_SUBMITTED);

    private Orders() {}

    static Comparator<Candidate> shortestRemaining(Instant now) {
        return Comparator.comparingDouble((Candidate c) -> c.remainingSecondsAt(now)).thenComparing(FIRST_SUBMITTED);
    }

    /** Least remaining service first: remaining time × GPUs, what a gang still holds the cluster for. */
    static Comparator<Candidate> leastRemainingService(Instant now) {
        return Comparator.comparingDouble((Candidate c) -> remainingService(c, now)).thenComparing(FIRST_SUBMITTED);
    }

    static double remainingService(Candidate c, Instant now) {
        return c.remainingSecondsAt(now) * Math.max(1, c.gpus());
    }
}
