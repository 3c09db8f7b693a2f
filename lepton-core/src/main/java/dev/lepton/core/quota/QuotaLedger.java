package dev.lepton.core.quota;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What each queue uses now, against its quota. A request is admitted when it fits the queue's
 * nominal quota (guaranteed: if other queues borrowed it, the scheduler reclaims it by preemption),
 * or when the rest can be borrowed: from quota that other queues of the same cohort tree leave
 * idle, within the queue's borrowing limit. One ledger per scheduling pass; {@link #charge} as
 * work is admitted.
 */
public final class QuotaLedger {
    private final QuotaTree tree;
    private final Map<String, Quota> usage = new HashMap<>();
    /** Per cohort tree, the sum of its queues' nominal quotas: what shares are fractions of (asked per preemption candidate). */
    private final Map<String, Quota> poolNominal = new HashMap<>();

    public QuotaLedger(QuotaTree tree, Map<String, Quota> usage) {
        this.tree = requireNonNull(tree, "tree is null");
        this.usage.putAll(usage);
    }

    /** Why the queue cannot take {@code request} now, or empty when it can. */
    public Optional<String> refuse(String queueName, Quota request) {
        if (!tree.has(queueName)) {
            return Optional.of("queue " + queueName + " does not exist");
        }
        QueueSpec queue = tree.queue(queueName);
        if (queue.isUnlimited()) {
            return Optional.empty();
        }
        Quota used = usage(queueName);
        for (Map.Entry<String, Long> want : request.amounts().entrySet()) {
            String resource = want.getKey();
            long need = want.getValue();
            if (need == 0 || !queue.nominal().amounts().containsKey(resource)) {
                continue;
            }
            long over = used.get(resource) + need - queue.nominal().get(resource);
            if (over <= 0) {
                continue;
            }
            Optional<String> refusal = borrow(queue, resource, over);
            if (refusal.isPresent()) {
                return refusal;
            }
        }
        return Optional.empty();
    }

    /** {@code over}: how far beyond its nominal quota the queue would be, with the request. */
    private Optional<String> borrow(QueueSpec queue, String resource, long over) {
        String nominal = queue.name() + " is at its nominal " + resource + " quota " + Quota.format(resource, queue.nominal().get(resource));
        if (queue.cohort().isEmpty()) {
            return Optional.of("queue " + nominal + " and is in no cohort to borrow from");
        }
        long limit = queue.borrowingLimit().map(l -> l.amounts().containsKey(resource) ? l.get(resource) : Long.MAX_VALUE)
                .orElse(Long.MAX_VALUE);
        long borrowed = borrowed(queue.name(), resource);
        if (over > limit) {
            return Optional.of("queue " + nominal + " and may borrow at most " + Quota.format(resource, limit) + " (borrows "
                    + Quota.format(resource, borrowed) + ")");
        }
        long more = over - borrowed;
        long idle = idleInPool(queue, resource);
        if (more > idle) {
            return Optional.of("queue " + nominal + " and cohort " + tree.root(queue).orElseThrow() + " has " + Quota.format(resource, idle)
                    + " idle to lend, " + Quota.format(resource, more) + " needed");
        }
        return Optional.empty();
    }

    /** Quota of the resource that the other queues of the cohort tree hold but do not use, minus what is lent already. */
    private long idleInPool(QueueSpec borrower, String resource) {
        String root = tree.root(borrower).orElseThrow();
        long idle = 0;
        long lent = 0;
        for (QueueSpec queue : poolOf(root)) {
            long nominal = queue.nominal().get(resource);
            long used = usage(queue.name()).get(resource);
            if (!queue.name().equals(borrower.name())) {
                idle += Math.max(0, nominal - used);
            }
            lent += Math.max(0, used - nominal);
        }
        return Math.max(0, idle - lent);
    }

    private List<QueueSpec> poolOf(String root) {
        return tree.queues().values().stream().filter(q -> tree.root(q).map(root::equals).orElse(false)).toList();
    }

    public void charge(String queue, Quota request) {
        usage.merge(queue, request, Quota::plus);
    }

    public void release(String queue, Quota request) {
        usage.computeIfPresent(queue, (k, used) -> used.minus(request));
    }

    public Quota usage(String queue) {
        return usage.getOrDefault(queue, Quota.NONE);
    }

    /**
     * How much a queue borrows of the resource beyond its nominal quota: the work a lender may
     * reclaim by preemption when it needs its own quota back.
     */
    public long borrowed(String queue, String resource) {
        return tree.queue(queue).beyondNominal(usage(queue)).get(resource);
    }

    /**
     * Does {@code request} fit within the queue's nominal quota, for every resource that quota names?
     * Such work is guaranteed: the queue may reclaim by preemption what its cohort borrowed.
     */
    public boolean withinNominal(String queueName, Quota request) {
        QueueSpec queue = tree.queue(queueName);
        if (queue.isUnlimited()) {
            return false;
        }
        Quota used = usage(queueName);
        for (Map.Entry<String, Long> want : request.amounts().entrySet()) {
            String resource = want.getKey();
            if (want.getValue() > 0 && queue.nominal().amounts().containsKey(resource)
                    && used.get(resource) + want.getValue() > queue.nominal().get(resource)) {
                return false;
            }
        }
        return true;
    }

    public QuotaTree tree() {
        return tree;
    }

    /** The queue's dominant share (below) were it to use {@code more} as well: fair order ranks queues by it, with their next job. */
    public double shareWith(String queueName, Quota more) {
        return share(queueName, usage(queueName).plus(more));
    }

    /** The queue's dominant share were it to stop using {@code less}. */
    public double shareWithout(String queueName, Quota less) {
        return share(queueName, usage(queueName).minus(less));
    }

    /**
     * Dominant share of what the cohort lends, as Kueue's fair sharing counts it, were the queue to use
     * {@code used}: the largest fraction, over the resources of its quota, of the cohort tree's nominal
     * quota that the queue uses beyond its own nominal. Zero while a queue stays within its nominal quota.
     */
    private double share(String queueName, Quota used) {
        QueueSpec queue = tree.queue(queueName);
        Optional<String> root = tree.root(queue);
        if (root.isEmpty()) {
            return 0;
        }
        double share = 0;
        for (Map.Entry<String, Long> borrowed : queue.beyondNominal(used).amounts().entrySet()) {
            long pool = poolNominal.computeIfAbsent(root.get(), r -> poolOf(r).stream().map(QueueSpec::nominal).reduce(Quota.NONE, Quota::plus))
                    .get(borrowed.getKey());
            share = Math.max(share, pool == 0 ? Double.POSITIVE_INFINITY : borrowed.getValue() / (double) pool);
        }
        return share;
    }
}
