package dev.lepton.sim.engine;

import dev.lepton.core.policy.Candidate;
import dev.lepton.core.policy.SchedulingPolicy;
import java.time.Instant;
import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Collection;
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
    private final TreeSet<SimJob> inOrder;
    private final Set<SimJob> unordered = new LinkedHashSet<>();

    WaitingJobs(SchedulingPolicy policy) {
        sorted = !policy.waitingOrderChangesWithTime();
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
        if (sorted) {
            inOrder.add(job);
        } else {
            unordered.add(job);
        }
    }

    void remove(SimJob job) {
        if (sorted) {
            inOrder.remove(job);
        } else {
            unordered.remove(job);
        }
    }

    void forEach(Consumer<SimJob> action) {
        (sorted ? inOrder : unordered).forEach(action);
    }

    /** The waiting candidates in policy order, read lazily. */
    Collection<Candidate> inOrder() {
        return new AbstractCollection<>() {
            @Override
            public Iterator<Candidate> iterator() {
                Iterator<SimJob> jobs = inOrder.iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return jobs.hasNext();
                    }

                    @Override
                    public Candidate next() {
                        return jobs.next().candidate();
                    }
                };
            }

            @Override
            public int size() {
                return inOrder.size();
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
