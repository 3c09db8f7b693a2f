package dev.lepton.core.policy;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The running jobs, kept by a caller that decides often on a large cluster, grouped the way
 * preemption looks for victims: by the policy's {@link SchedulingPolicy#victimClass}, then by GPUs,
 * each group ordered by start (the latest started has the least progress at risk). A plan that needs
 * one victim finds the most expendable without a pass over every running job. A job whose class may
 * change as it runs ({@link SchedulingPolicy#nextReorder}) is filed again when that time comes.
 */
public final class RunningJobs {
    /** Latest started first, then by id: least progress at risk first among jobs of as many GPUs. */
    private static final Comparator<Candidate> LATEST_FIRST = Comparator.comparing(Candidate::since, Comparator.reverseOrder())
            .thenComparing(Candidate::id);

    private record Filed(Candidate candidate, long victimClass) {}

    /** When {@code filed} may change class; stale once the job was filed again or removed. */
    private record Refile(Instant at, Filed filed) {}

    private final SchedulingPolicy policy;
    /** In the order added: what a full search reads. */
    private final Map<String, Filed> byId = new LinkedHashMap<>();
    private final TreeMap<Long, TreeMap<Integer, TreeSet<Candidate>>> byClass = new TreeMap<>();
    private final PriorityQueue<Refile> refiles = new PriorityQueue<>(Comparator.comparing(Refile::at));

    public RunningJobs(SchedulingPolicy policy) {
        this.policy = requireNonNull(policy, "policy is null");
    }

    SchedulingPolicy policy() {
        return policy;
    }

    /** A job started (or was found running) at {@code now}. */
    public void add(Candidate running, Instant now) {
        if (!running.running()) {
            throw new IllegalArgumentException("candidate " + running.id() + " is not running");
        }
        remove(running.id());
        file(running, now);
    }

    /** Files the job under its class at {@code now}; its place in {@link #all} stays where it was. */
    private void file(Candidate running, Instant now) {
        Filed filed = new Filed(running, policy.victimClass(running, now));
        byId.put(running.id(), filed);
        byClass.computeIfAbsent(filed.victimClass(), k -> new TreeMap<>())
                .computeIfAbsent(running.gpus(), g -> new TreeSet<>(LATEST_FIRST)).add(running);
        policy.nextReorder(running, now).ifPresent(at -> refiles.add(new Refile(at, filed)));
    }

    /** The job with this id ended or was preempted. */
    public void remove(String id) {
        Filed filed = byId.remove(id);
        if (filed != null) {
            unfile(filed);
        }
    }

    private void unfile(Filed filed) {
        TreeMap<Integer, TreeSet<Candidate>> groups = byClass.get(filed.victimClass());
        TreeSet<Candidate> group = groups.get(filed.candidate().gpus());
        group.remove(filed.candidate());
        if (group.isEmpty()) {
            groups.remove(filed.candidate().gpus());
            if (groups.isEmpty()) {
                byClass.remove(filed.victimClass());
            }
        }
    }

    /** Every running job, in the order added: a view, not a copy. */
    public Collection<Candidate> all() {
        return new AbstractCollection<>() {
            @Override
            public Iterator<Candidate> iterator() {
                Iterator<Filed> filed = byId.values().iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return filed.hasNext();
                    }

                    @Override
                    public Candidate next() {
                        return filed.next().candidate();
                    }
                };
            }

            @Override
            public int size() {
                return byId.size();
            }
        };
    }

    /**
     * The running jobs, most expendable first at {@code now}: lowest class, then least progress at
     * risk, then id (the order {@link VictimSearch} ranks by). Read lazily.
     */
    Iterator<Candidate> inVictimOrder(Instant now) {
        refileDue(now);
        Iterator<TreeMap<Integer, TreeSet<Candidate>>> classes = byClass.values().iterator();
        return new Iterator<>() {
            private Iterator<Candidate> current = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && classes.hasNext()) {
                    current = merged(classes.next().values(), now);
                }
                return current.hasNext();
            }

            @Override
            public Candidate next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    /** The jobs of one class with at least {@code minGpus} GPUs, most expendable first at {@code now}. */
    Iterator<Candidate> inClass(long victimClass, int minGpus, Instant now) {
        refileDue(now);
        TreeMap<Integer, TreeSet<Candidate>> groups = byClass.get(victimClass);
        return groups == null ? Collections.emptyIterator() : merged(groups.tailMap(Math.max(0, minGpus), true).values(), now);
    }

    private void refileDue(Instant now) {
        while (!refiles.isEmpty() && !refiles.peek().at().isAfter(now)) {
            Filed filed = refiles.poll().filed();
            if (byId.get(filed.candidate().id()) == filed) {
                unfile(filed);
                file(filed.candidate(), now);
            }
        }
    }

    /** GPU groups of one class merged by progress at risk, then id: within a group, the latest started comes first. */
    private static Iterator<Candidate> merged(Collection<TreeSet<Candidate>> groups, Instant now) {
        List<Iterator<Candidate>> iterators = new ArrayList<>(groups.size());
        List<Candidate> heads = new ArrayList<>(groups.size());
        for (TreeSet<Candidate> group : groups) {
            Iterator<Candidate> it = group.iterator();
            iterators.add(it);
            heads.add(it.hasNext() ? it.next() : null);
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return heads.stream().anyMatch(h -> h != null);
            }

            @Override
            public Candidate next() {
                int best = -1;
                double bestRisk = 0;
                for (int i = 0; i < heads.size(); i++) {
                    Candidate h = heads.get(i);
                    if (h == null) {
                        continue;
                    }
                    double risk = h.atRiskAt(now);
                    if (best < 0 || risk < bestRisk || risk == bestRisk && h.id().compareTo(heads.get(best).id()) < 0) {
                        best = i;
                        bestRisk = risk;
                    }
                }
                if (best < 0) {
                    throw new NoSuchElementException();
                }
                Candidate next = heads.get(best);
                Iterator<Candidate> it = iterators.get(best);
                heads.set(best, it.hasNext() ? it.next() : null);
                return next;
            }
        };
    }
}
