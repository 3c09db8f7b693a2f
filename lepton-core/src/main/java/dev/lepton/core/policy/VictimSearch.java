package dev.lepton.core.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Finds the victims to preempt for one candidate among those the policy lets it preempt. Sets are
 * compared by (1) the highest {@link SchedulingPolicy#victimClass} they touch, so that more valuable
 * work is never stopped when less valuable would do, (2) their size, (3) the progress they lose.
 * Candidate sets come from greedy passes (most expendable first; largest first; and per node for a
 * one-node request), each pruned so that no victim in it is superfluous. Each victim's class and
 * progress at risk are computed once, so that a pass over thousands of running jobs compares numbers.
 */
final class VictimSearch {
    /** A possible victim with what the search ranks it by. */
    private record Victim(Candidate candidate, long victimClass, double atRisk) {}

    /** Most expendable first: lowest class, then least progress lost, then id. */
    private static final Comparator<Victim> EXPENDABLE = Comparator.comparingLong(Victim::victimClass)
            .thenComparingDouble(Victim::atRisk).thenComparing(v -> v.candidate().id());
    private static final Comparator<Victim> LARGEST = Comparator.comparingInt((Victim v) -> v.candidate().gpus()).reversed()
            .thenComparing(EXPENDABLE);

    private final SchedulingPolicy policy;
    private final Instant now;
    private final Consumer<Candidate> release;
    private final Consumer<Candidate> retake;
    private final BooleanSupplier fits;
    /** May this victim be stopped, with those chosen so far released? (Quotas: a queue is reclaimable only while it borrows.) */
    private final Predicate<Candidate> eligible;

    VictimSearch(SchedulingPolicy policy, Instant now, Consumer<Candidate> release, Consumer<Candidate> retake, BooleanSupplier fits,
                 Predicate<Candidate> eligible) {
        this.policy = policy;
        this.now = now;
        this.release = release;
        this.retake = retake;
        this.fits = fits;
        this.eligible = eligible;
    }

    /**
     * The best set, or null if no set makes room. The capacity is left as it was.
     *
     * @param alone for a request on one node, could this victim make room by itself (a cheap
     *     necessary test: its GPUs there plus what is free there); null for a gang
     */
    List<Candidate> best(List<Candidate> candidates, Predicate<Candidate> alone) {
        List<Victim> pool = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            pool.add(new Victim(c, policy.victimClass(c, now), c.atRiskAt(now)));
        }
        List<Victim> best = greedy(pool, EXPENDABLE);
        if (best == null || best.size() == 1) {
            return candidatesOf(best);
        }
        boolean oneNode = alone != null;
        if (oneNode) {
            Victim single = firstAloneOfLowestClass(pool, alone);
            if (single != null) {
                return List.of(single.candidate()); // nothing beats one victim of the lowest class with the least progress lost
            }
        }
        best = better(best, greedy(pool, LARGEST));
        if (oneNode) {
            for (List<Victim> onNode : byNode(pool)) {
                best = better(best, greedy(onNode, EXPENDABLE));
                best = better(best, greedy(onNode, LARGEST));
            }
        }
        return candidatesOf(best);
    }

    /**
     * The most expendable victim of the pool's lowest class that makes room by itself, or null. Its
     * set beats every other: no set touches a lower class, none is smaller, and within the class it
     * loses the least progress (ties by id).
     */
    private Victim firstAloneOfLowestClass(List<Victim> pool, Predicate<Candidate> alone) {
        long lowest = Long.MAX_VALUE;
        for (Victim v : pool) {
            lowest = Math.min(lowest, v.victimClass());
        }
        List<Victim> tried = new ArrayList<>();
        for (Victim v : pool) {
            if (v.victimClass() == lowest && alone.test(v.candidate()) && eligible.test(v.candidate())) {
                tried.add(v);
            }
        }
        tried.sort(EXPENDABLE);
        for (Victim v : tried) {
            if (makesRoomAlone(v.candidate())) {
                return v;
            }
        }
        return null;
    }

    /** Would stopping this one job let the candidate fit? The capacity is left as it was. */
    private boolean makesRoomAlone(Candidate victim) {
        release.accept(victim);
        boolean fit = fits.getAsBoolean();
        retake.accept(victim);
        return fit;
    }

    /** Releases victims in {@code order} until the candidate fits, then takes back each one it fits without. */
    private List<Victim> greedy(List<Victim> pool, Comparator<Victim> order) {
        List<Victim> left = new ArrayList<>(pool);
        List<Victim> chosen = new ArrayList<>();
        boolean fit = fits.getAsBoolean();
        while (!fit) {
            Victim v = removeFirst(left, order);
            if (v == null) {
                break;
            }
            release.accept(v.candidate());
            chosen.add(v);
            fit = fits.getAsBoolean();
        }
        if (!fit) {
            chosen.forEach(v -> retake.accept(v.candidate()));
            return null;
        }
        for (int i = chosen.size() - 1; i >= 0; i--) {
            retake.accept(chosen.get(i).candidate());
            if (fits.getAsBoolean()) {
                chosen.remove(i);
            } else {
                release.accept(chosen.get(i).candidate());
            }
        }
        chosen.forEach(v -> retake.accept(v.candidate()));
        return chosen;
    }

    /** The first eligible victim in {@code order}, or null. Selection rather than a sort: one or two victims usually suffice. */
    private Victim removeFirst(List<Victim> list, Comparator<Victim> order) {
        int best = -1;
        for (int i = 0; i < list.size(); i++) {
            if ((best < 0 || order.compare(list.get(i), list.get(best)) < 0) && eligible.test(list.get(i).candidate())) {
                best = i;
            }
        }
        return best < 0 ? null : list.remove(best);
    }

    private static List<Victim> better(List<Victim> a, List<Victim> b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        int byClass = Long.compare(highestClass(a), highestClass(b));
        if (byClass != 0) {
            return byClass < 0 ? a : b;
        }
        if (a.size() != b.size()) {
            return a.size() < b.size() ? a : b;
        }
        return lost(a) <= lost(b) ? a : b;
    }

    private static long highestClass(List<Victim> set) {
        long highest = Long.MIN_VALUE;
        for (Victim v : set) {
            highest = Math.max(highest, v.victimClass());
        }
        return highest;
    }

    private static double lost(List<Victim> set) {
        double lost = 0;
        for (Victim v : set) {
            lost += v.atRisk();
        }
        return lost;
    }

    /** The pool split by node (a victim on several nodes is in each of their groups), in order of first appearance. */
    private static Iterable<List<Victim>> byNode(List<Victim> pool) {
        Map<String, List<Victim>> groups = new LinkedHashMap<>();
        for (Victim v : pool) {
            v.candidate().assignments().stream().map(a -> a.node()).distinct()
                    .forEach(node -> groups.computeIfAbsent(node, n -> new ArrayList<>()).add(v));
        }
        return groups.values();
    }

    private static List<Candidate> candidatesOf(List<Victim> set) {
        return set == null ? null : set.stream().map(Victim::candidate).toList();
    }
}
