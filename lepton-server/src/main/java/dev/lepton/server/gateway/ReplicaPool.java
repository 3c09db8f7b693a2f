package dev.lepton.server.gateway;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One deployment's ready replicas as the gateway routes to them: each request goes to the replica with
 * the fewest requests outstanding through this gateway (ties taken in turn), and waits, held, while
 * there is none, until one becomes ready or its hold times out. Whoever watches the replicas' readiness
 * calls {@link #update}; request threads call {@link #acquire} and {@link #release}.
 */
public final class ReplicaPool {
    private final String deployment;
    private final LoadMeter meter;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition becameReady = lock.newCondition();
    private List<Backend> ready = List.of(); // guarded by lock
    /** Replicas no longer routed to whose requests have not all ended: a drain waits for them. */
    private final List<Backend> leaving = new ArrayList<>(); // guarded by lock
    private int held; // guarded by lock
    private int turn; // guarded by lock
    private volatile Runnable whenHeld = () -> { };

    /** A ready replica and the requests outstanding on it through this gateway. */
    public static final class Backend {
        private final Replica replica;
        private int outstanding; // guarded by the pool's lock

        private Backend(Replica replica) {
            this.replica = replica;
        }

        public Replica replica() {
            return replica;
        }
    }

    public ReplicaPool(String deployment, LoadMeter meter) {
        this.deployment = requireNonNull(deployment, "deployment is null");
        this.meter = requireNonNull(meter, "meter is null");
    }

    public String deployment() {
        return deployment;
    }

    public LoadMeter meter() {
        return meter;
    }

    /** The replicas ready now; a replica kept from before keeps its count of outstanding requests. Wakes held requests. */
    public void update(List<Replica> readyNow) {
        lock.lock();
        try {
            Map<String, Backend> before = ready.stream().collect(Collectors.toMap(b -> b.replica.id(), Function.identity()));
            List<Backend> next = new ArrayList<>(readyNow.size());
            for (Replica replica : readyNow) {
                Backend kept = before.get(replica.id());
                next.add(kept != null && kept.replica.equals(replica) ? kept : new Backend(replica));
            }
            Set<String> staying = readyNow.stream().map(Replica::id).collect(Collectors.toSet());
            before.values().stream().filter(b -> !staying.contains(b.replica.id()) && b.outstanding > 0).forEach(leaving::add);
            ready = List.copyOf(next);
            if (!ready.isEmpty()) {
                becameReady.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code action} each time a request is held for want of a ready replica (the controller wakes, to start one). */
    public void whenHeld(Runnable action) {
        this.whenHeld = requireNonNull(action, "action is null");
    }

    /** Requests on replica {@code id} through this gateway that have not ended, routed to or leaving alike. */
    public int outstanding(String id) {
        lock.lock();
        try {
            return java.util.stream.Stream.concat(ready.stream(), leaving.stream()).filter(b -> b.replica.id().equals(id))
                    .mapToInt(b -> b.outstanding).sum();
        } finally {
            lock.unlock();
        }
    }

    /** Requests waiting for a replica now. */
    public int held() {
        lock.lock();
        try {
            return held;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The ready replica with the fewest outstanding requests, other than those in {@code refused}, counted
     * as one more outstanding until {@link #release}. With none ready, waits up to {@code hold} for one.
     */
    public Backend acquire(Duration hold, int maxHeld, Set<String> refused) throws InterruptedException {
        lock.lock();
        try {
            Backend chosen = leastOutstanding(refused);
            if (chosen == null && !refused.isEmpty() && !ready.isEmpty()) {
                throw new LeptonException(ErrorCode.REPLICA_FAILED, "deployment " + deployment + ": every ready replica refused the connection ("
                        + String.join(", ", refused) + ")");
            }
            if (chosen == null) {
                chosen = awaitReady(hold, maxHeld, refused);
            }
            chosen.outstanding++;
            return chosen;
        } finally {
            lock.unlock();
        }
    }

    public void release(Backend backend) {
        lock.lock();
        try {
            backend.outstanding--;
            if (backend.outstanding == 0) {
                leaving.remove(backend);
            }
        } finally {
            lock.unlock();
        }
    }

    private Backend awaitReady(Duration hold, int maxHeld, Set<String> refused) throws InterruptedException {
        if (held >= maxHeld) {
            throw new LeptonException(ErrorCode.UNAVAILABLE, "deployment " + deployment + " has no ready replica and " + held
                    + " requests already waiting for one; retry later");
        }
        held++;
        whenHeld.run();
        try {
            long nanos = hold.toNanos();
            Backend chosen = leastOutstanding(refused);
            while (chosen == null) {
                if (nanos <= 0) {
                    throw new LeptonException(ErrorCode.UNAVAILABLE, "deployment " + deployment + ": no replica became ready within " + hold
                            + " (see lepton deploy status " + deployment + ")");
                }
                nanos = becameReady.awaitNanos(nanos);
                chosen = leastOutstanding(refused);
            }
            return chosen;
        } finally {
            held--;
        }
    }

    private Backend leastOutstanding(Set<String> refused) {
        Backend best = null;
        int n = ready.size();
        for (int i = 0; i < n; i++) {
            Backend candidate = ready.get((turn + i) % n);
            if (!refused.contains(candidate.replica.id()) && (best == null || candidate.outstanding < best.outstanding)) {
                best = candidate;
            }
        }
        if (best != null) {
            turn = (turn + 1) % n;
        }
        return best;
    }

    /** For tests: the outstanding requests of each ready replica, by id. */
    Map<String, Integer> outstanding() {
        lock.lock();
        try {
            return ready.stream().collect(Collectors.toMap(b -> b.replica.id(), b -> b.outstanding));
        } finally {
            lock.unlock();
        }
    }
}
