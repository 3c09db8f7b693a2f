package dev.lepton.core.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Finds the victims to preempt for one candidate among those the policy lets it preempt. Sets are
 * compared by (1) the highest {@link SchedulingPolicy#victimClass} they touch, so that more valuable
 * work is never stopped when less valuable would do, (2) their size, (3) the progress they lose.
 * Candidate sets come from greedy passes (most expendable first; largest first; and per node for a
 * one-node request), each pruned so that no victim in it is superfluous.
 */
final class VictimSearch {
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

    /** The best set, or null if no set makes room. The capacity is left as it was. */
    List<Candidate> best(List<Candidate> pool, boolean oneNode) {
        Comparator<Candidate> expendable = policy.victimOrder(now);
        List<Candidate> best = greedy(pool, expendable);
        if (best == null || best.size() == 1) {
            return best;
        }
        best = better(best, greedy(pool, Comparator.comparingInt(Candidate::gpus).reversed().thenComparing(expendable)));
        if (oneNode) {
            for (String node : nodesOf(pool)) {
                List<Candidate> onNode = pool.stream().filter(v -> v.assignments().stream().anyMatch(a -> a.node().equals(node))).toList();
                best = better(best, greedy(onNode, expendable));
                best = better(best, greedy(onNode, Comparator.comparingInt(Candidate::gpus).reversed().thenComparing(expendable)));
            }
        }
        return best;
    }

    /** Releases victims in {@code order} until the candidate fits, then takes back each one it fits without. */
    private List<Candidate> greedy(List<Candidate> pool, Comparator<Candidate> order) {
        List<Candidate> sorted = new ArrayList<>(pool);
        List<Candidate> chosen = new ArrayList<>();
        boolean fit = fits.getAsBoolean();
        while (!fit) {
            Candidate v = removeFirst(sorted, order);
            if (v == null) {
                break;
            }
            release.accept(v);
            chosen.add(v);
            fit = fits.getAsBoolean();
        }
        if (!fit) {
            chosen.forEach(retake);
            return null;
        }
        for (int i = chosen.size() - 1; i >= 0; i--) {
            retake.accept(chosen.get(i));
            if (fits.getAsBoolean()) {
                chosen.remove(i);
            } else {
                release.accept(chosen.get(i));
            }
        }
        chosen.forEach(retake);
        return chosen;
    }

    /** The most expendable eligible victim, or null. Selection rather than a sort: one or two victims usually suffice. */
    private Candidate removeFirst(List<Candidate> list, Comparator<Candidate> order) {
        int best = -1;
        for (int i = 0; i < list.size(); i++) {
            if ((best < 0 || order.compare(list.get(i), list.get(best)) < 0) && eligible.test(list.get(i))) {
                best = i;
            }
        }
        return best < 0 ? null : list.remove(best);
    }

    private List<Candidate> better(List<Candidate> a, List<Candidate> b) {
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

    private long highestClass(List<Candidate> set) {
        long highest = Long.MIN_VALUE;
        for (Candidate v : set) {
            highest = Math.max(highest, policy.victimClass(v, now));
        }
        return highest;
    }

    private double lost(List<Candidate> set) {
        double lost = 0;
        for (Candidate v : set) {
            lost += v.atRiskAt(now);
        }
        return lost;
    }

    private static List<String> nodesOf(List<Candidate> pool) {
        return pool.stream().flatMap(v -> v.assignments().stream()).map(a -> a.node()).distinct().toList();
    }
}
