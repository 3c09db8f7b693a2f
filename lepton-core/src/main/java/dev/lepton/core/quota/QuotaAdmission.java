package dev.lepton.core.quota;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.policy.Admission;
import dev.lepton.core.policy.Candidate;
import dev.lepton.core.resource.Resources;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Quotas as the allocator sees them, over one pass's {@link QuotaLedger}: refuse what is over
 * quota, charge what starts, release what is preempted; let a queue within its nominal quota
 * reclaim what its cohort borrowed, and a queue that borrows less than another take from it until
 * their shares are even; keep other queues off work that runs within its own quota;
 * interleave the queues of a cohort by {@link QuotaLedger#shareWith} their next job (fair sharing); and give each
 * queue with a quota its own line, so that one queue's blocked head does not hold up another's.
 */
public final class QuotaAdmission implements Admission {
    /** How every refusal begins, so that a reader of a job's status knows quota holds it. */
    public static final String REFUSAL = "waiting for quota: ";

    private final QuotaLedger ledger;
    private final QuotaTree tree;
    private final boolean limits;
    /**
     * Answers given since usage last changed: a deep queue asks the same question for each of its
     * waiting jobs (a sweep's jobs are alike), and the answer depends only on usage.
     */
    private final Map<Asked, Optional<String>> refusals = new HashMap<>();

    /** What a candidate asks of its queue. */
    private record Asked(String queue, Resources perWorker, int workers) {}

    public QuotaAdmission(QuotaLedger ledger) {
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.tree = ledger.tree();
        this.limits = tree.queues().values().stream().anyMatch(q -> !q.isUnlimited());
    }

    @Override
    public Optional<String> refuse(Candidate candidate) {
        return refusals.computeIfAbsent(new Asked(candidate.queue(), candidate.perWorker(), candidate.workers()),
                asked -> ledger.refuse(candidate.queue(), request(candidate)).map(why -> REFUSAL + why));
    }

    @Override
    public void admitted(Candidate candidate) {
        ledger.charge(candidate.queue(), request(candidate));
        refusals.clear();
    }

    @Override
    public void released(Candidate candidate) {
        ledger.release(candidate.queue(), request(candidate));
        refusals.clear();
    }

    @Override
    public boolean limits() {
        return limits;
    }

    @Override
    public String line(Candidate candidate) {
        return tree.queue(candidate.queue()).isUnlimited() ? "" : candidate.queue();
    }

    /**
     * Another queue's job is protected while its queue uses no more than its nominal quota of what
     * the preemptor needs. Once it borrows, a preemptor of the same cohort tree may take it back:
     * within the preemptor's own nominal quota (reclaim), or beyond it when the victim's queue would
     * still borrow as large a share of the cohort as the preemptor's would with its job (fair
     * sharing, Kueue's LessThanOrEqualToFinalShare); otherwise the queues' shares are even enough and
     * the job is protected. A preemptor of another tree, or a queue without quota, leaves it to the
     * policy.
     */
    @Override
    public Stance stance(Candidate preemptor, Candidate victim) {
        if (victim.queue().equals(preemptor.queue())) {
            return Stance.POLICY;
        }
        QueueSpec owner = tree.queue(victim.queue());
        QueueSpec claimant = tree.queue(preemptor.queue());
        Quota wanted = request(preemptor);
        Quota used = ledger.usage(victim.queue());
        boolean governs = false;
        boolean borrows = false;
        boolean claimantCounts = true;
        for (Map.Entry<String, Long> want : wanted.amounts().entrySet()) {
            String resource = want.getKey();
            if (want.getValue() > 0 && owner.nominal().amounts().containsKey(resource)) {
                governs = true;
                if (used.get(resource) > owner.nominal().get(resource)) {
                    borrows = true;
                    claimantCounts &= claimant.nominal().amounts().containsKey(resource);
                }
            }
        }
        if (!governs) {
            return Stance.POLICY;
        }
        if (!borrows) {
            return Stance.PROTECTED;
        }
        // Reclaim and fair shares speak only between queues of one cohort tree whose quotas both name
        // what is borrowed; a queue without a quota for it uses it as the policy allows.
        if (!claimantCounts || claimant.cohort().isEmpty() || !tree.root(claimant).equals(tree.root(owner))) {
            return Stance.POLICY;
        }
        if (ledger.withinNominal(preemptor.queue(), wanted)) {
            return Stance.RECLAIM;
        }
        return ledger.shareWith(preemptor.queue(), wanted) <= ledger.shareWithout(victim.queue(), request(victim))
                ? Stance.REBALANCE : Stance.PROTECTED;
    }

    @Override
    public Iterable<Candidate> order(Iterable<Candidate> waitingInPolicyOrder) {
        Map<String, Integer> queuesPerTree = new HashMap<>();
        for (QueueSpec queue : tree.queues().values()) {
            tree.root(queue).ifPresent(root -> queuesPerTree.merge(root, 1, Integer::sum));
        }
        if (queuesPerTree.values().stream().noneMatch(n -> n > 1)) {
            return waitingInPolicyOrder;
        }
        return () -> new FairOrder(waitingInPolicyOrder);
    }

    private static Quota request(Candidate c) {
        return Quota.of(c.perWorker().times(c.workers()));
    }

    /**
     * The policy's order, except that the next candidate of a cohort tree comes from the tree's queue
     * whose share, with its next candidate started, is the smallest at that moment (ties: policy order). Shares are read as the pass goes,
     * so each start moves its queue back. Within a queue the policy's order holds.
     */
    private final class FairOrder implements Iterator<Candidate> {
        private final List<Candidate> all = new ArrayList<>();
        private final boolean[] taken;
        /** Per queue, the positions (in {@link #all}) of its candidates not yet handed out, first first. */
        private final Map<String, ArrayDeque<Integer>> byQueue = new HashMap<>();
        /** Per cohort tree, the queues with waiting candidates. */
        private final Map<String, List<String>> queuesOfTree = new HashMap<>();
        private int cursor;
        private int left;

        FairOrder(Iterable<Candidate> inPolicyOrder) {
            inPolicyOrder.forEach(all::add);
            taken = new boolean[all.size()];
            left = all.size();
            for (int i = 0; i < all.size(); i++) {
                String queue = all.get(i).queue();
                byQueue.computeIfAbsent(queue, q -> {
                    tree.root(tree.queue(q)).ifPresent(root -> queuesOfTree.computeIfAbsent(root, r -> new ArrayList<>()).add(q));
                    return new ArrayDeque<>();
                }).add(i);
            }
        }

        @Override
        public boolean hasNext() {
            return left > 0;
        }

        @Override
        public Candidate next() {
            if (left == 0) {
                throw new NoSuchElementException();
            }
            while (taken[cursor]) {
                cursor++;
            }
            int pick = cursor;
            Optional<String> root = tree.root(tree.queue(all.get(pick).queue()));
            if (root.isPresent()) {
                double least = shareWithNext(pick);
                for (String queue : queuesOfTree.get(root.get())) {
                    ArrayDeque<Integer> waiting = byQueue.get(queue);
                    if (waiting.isEmpty() || queue.equals(all.get(pick).queue())) {
                        continue;
                    }
                    double share = shareWithNext(waiting.peekFirst());
                    if (share < least || share == least && waiting.peekFirst() < pick) {
                        least = share;
                        pick = waiting.peekFirst();
                    }
                }
            }
            byQueue.get(all.get(pick).queue()).removeFirst();
            taken[pick] = true;
            left--;
            return all.get(pick);
        }

        /**
         * The share of the candidate's queue were the candidate to start, as Kueue orders by: a queue
         * that would stay within its nominal quota goes before one that would borrow. Before the start,
         * a reclaimed job's queue, back at its nominal quota, would tie with the queue that reclaimed
         * from it, and the victim, submitted first, would retake the room it was stopped for.
         */
        private double shareWithNext(int position) {
            Candidate next = all.get(position);
            return ledger.shareWith(next.queue(), request(next));
        }
    }
}
