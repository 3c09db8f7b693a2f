package dev.lepton.core.policy;

import dev.lepton.core.resource.Resources;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * EASY backfilling's promise to the first candidate that does not fit: it starts at {@code shadow},
 * when running jobs' expected ends have freed enough CPU, memory and GPUs. A later candidate may
 * start now if it ends by then, or if it fits in the {@code extra} the head will not need. Resources
 * are counted as a pool, as EASY counts processors; fragmentation may still delay the head a little.
 * Expected ends are what the trace says (simulator) or a job's time limit, its maxDuration (server),
 * as Slurm's backfill reads {@code --time}.
 */
final class Reservation {
    private final String head;
    private final boolean gpuHead;
    private final double shadowSeconds;
    private Resources extra;
    /** What {@link #describe} says, kept until {@link #extra} changes: every candidate it refuses asks. */
    private String description;

    private Reservation(Candidate head, double shadowSeconds, Resources extra) {
        this.head = head.id();
        this.gpuHead = head.gpus() > 0;
        this.shadowSeconds = shadowSeconds;
        this.extra = extra;
    }

    /** Empty when some running job's end is unknown and the head cannot be promised a time. */
    static Optional<Reservation> forHead(Candidate head, Resources free, List<Candidate> running, Instant now) {
        record End(double seconds, Resources frees) {}
        End[] ends = new End[running.size()];
        for (int i = 0; i < running.size(); i++) {
            Candidate r = running.get(i);
            ends[i] = new End(r.remainingSecondsAt(now), total(r));
        }
        Arrays.sort(ends, Comparator.comparingDouble(End::seconds));
        Resources need = total(head);
        Resources available = free;
        for (int i = 0; i < ends.length; i++) {
            if (Double.isInfinite(ends[i].seconds())) {
                return Optional.empty();
            }
            available = available.plus(ends[i].frees());
            boolean lastAtThisTime = i + 1 == ends.length || ends[i + 1].seconds() > ends[i].seconds();
            if (lastAtThisTime && within(need, available)) {
                return Optional.of(new Reservation(head, ends[i].seconds(), available.minus(need)));
            }
        }
        return Optional.empty();
    }

    String head() {
        return head;
    }

    /** GPUs a job running past the shadow time may still take. */
    int extraGpus() {
        return extra.gpus();
    }

    /** Seconds from the plan's instant until the head is promised its start. */
    double shadowSeconds() {
        return shadowSeconds;
    }

    /** Would starting {@code c} now keep the promise? (The resource counts are the cheaper test, so they go first.) */
    boolean allows(Candidate c, Instant now) {
        return within(total(c), extra) || c.remainingSecondsAt(now) <= shadowSeconds;
    }

    /** {@code c} starts: if it runs past the shadow time, it uses up extra. */
    void started(Candidate c, Instant now) {
        if (c.remainingSecondsAt(now) > shadowSeconds) {
            Resources used = total(c);
            extra = new Resources(Math.max(0, extra.cpuMillis() - used.cpuMillis()), Math.max(0, extra.memoryBytes() - used.memoryBytes()),
                    extra.accelerators().atLeastZeroMinus(used.accelerators()));
            description = null;
        }
    }

    String describe() {
        if (description == null) {
            description = "would delay the reservation of " + head + " (starts in " + Math.round(shadowSeconds) + " s; "
                    + (gpuHead ? extra.gpus() + " GPUs" : extra.toString()) + " to spare)";
        }
        return description;
    }

    private static Resources total(Candidate c) {
        return c.perWorker().times(c.workers());
    }

    /** {@code need} fits in {@code pool}, resource by resource (without building the shortfall's words). */
    private static boolean within(Resources need, Resources pool) {
        return need.fitsIn(pool);
    }
}
