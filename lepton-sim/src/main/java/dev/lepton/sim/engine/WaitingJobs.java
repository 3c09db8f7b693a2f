package dev.lepton.sim.engine;

import dev.lepton.core.policy.Candidate;
import dev.lepton.core.policy.SchedulingPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The jobs waiting to start. When the policy's order of waiting jobs does not change with time, they
 * are kept sorted, so that each plan reads only as far down the queue as it needs to.
 */
final class WaitingJobs {
    private final boolean sorted;
    private final boolean preemptive;
    private final TreeSet<SimJob> inOrder;
    private final Set<SimJob> unordered = new LinkedHashSet<>();
    /** Waiting jobs that need no GPU: they may start on a cluster with every GPU taken. */
    private int gpuless;

    WaitingJobs(SchedulingPolicy policy) {
        sorted = !policy.waitingOrderChangesWithTime();
        preemptive = policy.preemptive();
        // Any instant will do: by the policy's own word, waiting jobs rank the same at every instant.
        Comparator<Candidate> order = policy.order(Instant.EPOCH);
        inOrder = new TreeSet<>((a, b) -> order.compare(a.candidate(), b.candidate()));
    }

    boolean sortedOnce() {
        return sorted;
    }

    boolean isEmpty() {
        return sorted ? inOrder.isEmpty() : unordered.isEmpty();
    }

    void add(SimJob job) {
        if (job.trace.gpus() == 0) {
            gpuless++;
        }
        if (sorted) {
            inOrder.add(job);
        } else {
            unordered.add(job);
        }
    }

    void remove(SimJob job) {
        boolean removed = sorted ? inOrder.remove(job) : unordered.remove(job);
        if (removed && job.trace.gpus() == 0) {
            gpuless--;
        }
    }

    void forEach(Consumer<SimJob> action) {
        (sorted ? inOrder : unordered).forEach(action);
    }

    /**
     * The waiting candidates in policy order, read lazily, for one plan that keeps {@code free} up to
     * date. The rest of the queue is left out once every GPU is taken, no waiting job can do without
     * one and the policy does not preempt: nothing behind that point could start, so a plan that does
     * not explain its waiting jobs decides the same without it. (Under EASY backfill, a long queue
     * behind a full cluster was read to its end on every event.)
     */
    Iterable<Candidate> inOrder(FreeGpuCount free) {
        return new Iterable<>() {
            @Override
            public Iterator<Candidate> iterator() {
                Iterator<SimJob> jobs = inOrder.iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        if (free.free() <= 0 && gpuless == 0 && !preemptive) {
                            return false;
                        }
                        return jobs.hasNext();
                    }

                    @Override
                    public Candidate next() {
                        return jobs.next().candidate();
                    }
                };
            }
        };
    }

    /** Every candidate, waiting and running, for the allocator to sort itself. */
    List<Candidate> withRunning(List<Candidate> running) {
        List<Candidate> all = new ArrayList<>(running);
        unordered.forEach(j -> all.add(j.candidate()));
        return all;
    }
}
