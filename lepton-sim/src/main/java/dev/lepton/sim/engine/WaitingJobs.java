package dev.lepton.sim.engine;

import dev.lepton.core.policy.Backfill;
import dev.lepton.core.policy.Candidate;
import dev.lepton.core.policy.ClassRanked;
import dev.lepton.core.policy.SchedulingPolicy;
import dev.lepton.core.policy.WaitingLine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The jobs waiting to start, kept in the policy's order where that can be done exactly, so that a
 * plan reads only as far down the queue as it needs to and nothing is sorted per event:
 * <ul>
 *   <li>the waiting order never changes with time: sorted once, by the policy's order;</li>
 *   <li>the policy ranks by class ({@link ClassRanked}): sorted by each job's class, which is
 *       recomputed when the policy said it may change ({@link SchedulingPolicy#nextReorder}, a
 *       promotion after a long wait) — see {@link #rerank};</li>
 *   <li>otherwise unsorted, for the allocator to sort on every plan.</li>
 * </ul>
 */
final class WaitingJobs {
    /**
     * How long before a job's announced re-order its class is checked at each plan. The policy rounds
     * that instant up to the millisecond, from arithmetic in seconds; the class may flip a rounding
     * error earlier. A second is far more than any rounding, and costs a few extra checks.
     */
    static final long RECHECK_BEFORE_MILLIS = 1_000;

    private final SchedulingPolicy policy;
    private final ClassRanked ranked;
    private final boolean kept;
    private final TreeSet<Entry> inOrder;
    private final Map<SimJob, Entry> entries = new HashMap<>();
    /** Waiting jobs whose class may change, by when (ranked policies only). */
    private final PriorityQueue<Due> due = new PriorityQueue<>(Comparator.comparingLong(Due::at));
    private final Set<SimJob> unordered = new LinkedHashSet<>();
    /** How many waiting jobs need each number of GPUs ({@link WaitingLine}). */
    private final TreeMap<Integer, Integer> byGpus = new TreeMap<>();
    /**
     * Under EASY (a fixed order, no job waits twice), the kept order instead of {@link #inOrder}: every
     * job's place in the order and the waiting ones by place, so that a plan passes over jobs its
     * reservation rules out. Null otherwise.
     */
    private final Map<SimJob, Integer> places;
    private final SimJob[] byPlace;
    private final PlaceTree waitingByPlace;

    /** A waiting job and the class it was filed under (0 unless the policy ranks by class). */
    private record Entry(long rank, SimJob job) {}

    /** Check {@code job}'s class at plans from {@code at} on, while it still waits in {@code epoch}. */
    private record Due(long at, SimJob job, int epoch) {}

    private record Bound(int hopelessGpus, int spareGpus, double endsWithinSeconds) implements WaitingLine.StartBound {}

    private static final Bound ANYONE = new Bound(Integer.MAX_VALUE, Integer.MAX_VALUE, Double.POSITIVE_INFINITY);

    /** @param jobs every job that may ever wait, in any order */
    WaitingJobs(SchedulingPolicy policy, Collection<SimJob> jobs) {
        this.policy = policy;
        this.ranked = policy instanceof ClassRanked r ? r : null;
        this.kept = ranked != null || !policy.waitingOrderChangesWithTime();
        Comparator<Entry> order;
        if (ranked != null) {
            // ClassRanked's contract: the order is the class, then first submitted, then id.
            order = Comparator.comparingLong(Entry::rank)
                    .thenComparingLong((Entry e) -> e.job().trace.submitMillis())
                    .thenComparing(e -> e.job().trace.id());
        } else {
            // Any instant will do: by the policy's own word, waiting jobs rank the same at every instant.
            Comparator<Candidate> byPolicy = policy.order(Instant.EPOCH);
            order = (a, b) -> byPolicy.compare(a.job().candidate(), b.job().candidate());
        }
        inOrder = new TreeSet<>(order);
        if (kept && ranked == null && !policy.preemptive() && policy.backfill() == Backfill.EASY) {
            Comparator<Candidate> byPolicy = policy.order(Instant.EPOCH);
            byPlace = jobs.stream()
                    .map(j -> Map.entry(j.waitingSince(j.trace.submitMillis()), j))
                    .sorted((a, b) -> byPolicy.compare(a.getKey(), b.getKey()))
                    .map(Map.Entry::getValue)
                    .toArray(SimJob[]::new);
            places = new IdentityHashMap<>();
            for (int i = 0; i < byPlace.length; i++) {
                places.put(byPlace[i], i);
            }
            waitingByPlace = new PlaceTree(byPlace.length);
        } else {
            places = null;
            byPlace = null;
            waitingByPlace = null;
        }
    }

    /** Are the waiting jobs kept in order (for {@code Allocator.allocateInOrder})? */
    boolean kept() {
        return kept;
    }

    boolean isEmpty() {
        return byGpus.isEmpty();
    }

    /** {@code job} waits from {@code now} on. */
    void add(SimJob job, long now) {
        byGpus.merge(job.trace.gpus(), 1, Integer::sum);
        if (waitingByPlace != null) {
            waitingByPlace.put(places.get(job), job.trace.gpus(), job.candidate().remainingSecondsAt(Instant.ofEpochMilli(now)));
            return;
        }
        if (!kept) {
            unordered.add(job);
            return;
        }
        Instant at = Instant.ofEpochMilli(now);
        Entry entry = new Entry(ranked == null ? 0 : ranked.rankClass(job.candidate(), at), job);
        entries.put(job, entry);
        inOrder.add(entry);
        if (ranked != null) {
            watch(job, at);
        }
    }

    void remove(SimJob job) {
        boolean removed;
        if (waitingByPlace != null) {
            removed = waitingByPlace.clear(places.get(job));
        } else if (kept) {
            Entry entry = entries.remove(job);
            removed = entry != null && inOrder.remove(entry);
        } else {
            removed = unordered.remove(job);
        }
        if (removed) {
            byGpus.computeIfPresent(job.trace.gpus(), (gpus, count) -> count == 1 ? null : count - 1);
        }
    }

    /**
     * Files again under their class at {@code now} the jobs whose class may have changed by then, so
     * that the kept order is the policy's order at {@code now}. Call before each plan.
     */
    void rerank(long now) {
        Instant at = Instant.ofEpochMilli(now);
        List<SimJob> stillDue = new ArrayList<>();
        while (!due.isEmpty() && due.peek().at() - RECHECK_BEFORE_MILLIS <= now) {
            Due d = due.poll();
            Entry entry = entries.get(d.job());
            if (entry == null || d.epoch() != d.job().epoch()) {
                continue; // it started (or ended) since: a later wait is watched afresh
            }
            long rank = ranked.rankClass(d.job().candidate(), at);
            if (rank != entry.rank()) {
                inOrder.remove(entry);
                Entry moved = new Entry(rank, d.job());
                entries.put(d.job(), moved);
                inOrder.add(moved);
            }
            stillDue.add(d.job());
        }
        for (SimJob job : stillDue) {
            watch(job, at);
        }
    }

    private void watch(SimJob job, Instant at) {
        Optional<Instant> next = policy.nextReorder(job.candidate(), at);
        next.ifPresent(when -> due.add(new Due(when.toEpochMilli(), job, job.epoch())));
    }

    void forEach(Consumer<SimJob> action) {
        if (waitingByPlace != null) {
            placed(ANYONE).forEachRemaining(action);
        } else if (kept) {
            inOrder.forEach(e -> action.accept(e.job()));
        } else {
            unordered.forEach(action);
        }
    }

    /**
     * The waiting candidates in policy order, read lazily, with the fewest GPUs any of them needs: a
     * plan stops reading once nothing behind could start. (Under EASY backfill or a preemptive policy,
     * a long queue behind a full cluster was read to its end on every event.)
     */
    WaitingLine inOrder() {
        return new WaitingLine() {
            @Override
            public NavigableMap<Integer, Integer> countByGpus() {
                return byGpus;
            }

            @Override
            public Iterator<Candidate> iterator(StartBound bound) {
                return candidates(waitingByPlace == null ? inOrder.stream().map(Entry::job).iterator() : placed(bound));
            }

            @Override
            public Iterator<Candidate> iterator() {
                return iterator(ANYONE);
            }
        };
    }

    /** The jobs as the policy sees them, read as lazily as {@code jobs}. */
    private static Iterator<Candidate> candidates(Iterator<SimJob> jobs) {
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

    /** The waiting jobs in order, passing over those {@code bound} rules out, through the place tree. */
    private Iterator<SimJob> placed(WaitingLine.StartBound bound) {
        return new Iterator<>() {
            private int from;
            private int found = -1;

            @Override
            public boolean hasNext() {
                if (found < 0) {
                    found = waitingByPlace.next(from, bound.hopelessGpus(), bound.spareGpus(), bound.endsWithinSeconds());
                }
                return found >= 0;
            }

            @Override
            public SimJob next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                SimJob job = byPlace[found];
                from = found + 1;
                found = -1;
                return job;
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
