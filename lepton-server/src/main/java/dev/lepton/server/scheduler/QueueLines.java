package dev.lepton.server.scheduler;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.job.Job;
import dev.lepton.core.policy.Candidate;
import dev.lepton.core.policy.WaitingLine;
import dev.lepton.core.queue.QueueOrder;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The queued jobs as the allocator reads them, each queue's apart and merged as they are read into the loop's one
 * order (priority, then first submitted): when a queue's head holds its line (a strict policy, the head over its
 * quota or without room), the plan passes over the rest of that queue without reading it. Ten thousand jobs behind a
 * queue's quota cost a turn their head, not their number. Jobs not offered this turn (prerequisites unmet, a tenant
 * at its running limit, victims still stopping) are passed over as they are reached.
 */
final class QueueLines implements WaitingLine {
    private static final Comparator<Head> IN_ORDER = Comparator.comparing(Head::job, QueueOrder.PRIORITY_THEN_FIFO);

    private final Collection<? extends Collection<Job>> queues;
    private final Predicate<Job> offered;
    private final Function<Job, Candidate> candidate;

    /**
     * @param queues    each queue's jobs in {@link QueueOrder#PRIORITY_THEN_FIFO}
     * @param candidate the job as a candidate; called once for each job read
     */
    QueueLines(Collection<? extends Collection<Job>> queues, Predicate<Job> offered, Function<Job, Candidate> candidate) {
        this.queues = requireNonNull(queues, "queues is null");
        this.offered = requireNonNull(offered, "offered is null");
        this.candidate = requireNonNull(candidate, "candidate is null");
    }

    /** Reads every offered job: only a plan without reasons asks (the loop's records them). */
    @Override
    public NavigableMap<Integer, Integer> countByGpus() {
        NavigableMap<Integer, Integer> counts = new TreeMap<>();
        forEach(c -> counts.merge(c.gpus(), 1, Integer::sum));
        return counts;
    }

    @Override
    public Iterator<Candidate> iterator() {
        return new Merge(null);
    }

    @Override
    public Iterator<Candidate> iterator(StartBound bound) {
        return new Merge(requireNonNull(bound, "bound is null"));
    }

    /** A queue's next offered job and the rest of the queue after it. */
    private record Head(Job job, Iterator<Job> rest) {}

    private final class Merge implements Iterator<Candidate> {
        private final PriorityQueue<Head> heads = new PriorityQueue<>(IN_ORDER);
        private final StartBound bound;
        private Candidate next;

        Merge(StartBound bound) {
            this.bound = bound;
            for (Collection<Job> queue : queues) {
                offerNext(queue.iterator());
            }
        }

        /** Decided only when asked, after the plan has decided the candidate before: a line may have been held since. */
        @Override
        public boolean hasNext() {
            while (next == null && !heads.isEmpty()) {
                Head head = heads.poll();
                Candidate c = candidate.apply(head.job());
                if (bound == null || !bound.lineHeld(c)) {
                    offerNext(head.rest());
                    next = c;
                }
            }
            return next != null;
        }

        @Override
        public Candidate next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Candidate c = next;
            next = null;
            return c;
        }

        private void offerNext(Iterator<Job> rest) {
            while (rest.hasNext()) {
                Job job = rest.next();
                if (offered.test(job)) {
                    heads.add(new Head(job, rest));
                    return;
                }
            }
        }
    }
}
