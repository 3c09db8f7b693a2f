package dev.lepton.server.gateway;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One deployment's ready replicas as the gateway routes to them: each request goes to the replica with
 * the fewest requests outstanding through this gateway (ties taken in turn), and waits, held, while
 * there is none, until one becomes ready or its hold times out. A held request holds no thread: it is a
 * future that {@link #update} completes, in the order the requests came, once a replica is ready.
 * Whoever watches the replicas' readiness calls {@link #update}; the gateway calls {@link #acquire} and
 * {@link #release}.
 */
public final class ReplicaPool {
    private final String deployment;
    private final LoadMeter meter;
    private final ReentrantLock lock = new ReentrantLock();
    private List<Backend> ready = List.of(); // guarded by lock
    /** Replicas no longer routed to whose requests have not all ended: a drain waits for them. */
    private final List<Backend> leaving = new ArrayList<>(); // guarded by lock
    /** Requests held for want of a ready replica, oldest first. */
    private final Deque<Held> held = new ArrayDeque<>(); // guarded by lock
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

    /** A request waiting for a replica, other than those that refused it. */
    private record Held(Set<String> refused, CompletableFuture<Backend> backend) {}

    /** A replica chosen for a held request under the lock, handed over outside it. */
    private record Chosen(Held request, Backend backend) {}

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

    /** The replicas ready now; a replica kept from before keeps its count of outstanding requests. Serves held requests. */
    public void update(List<Replica> readyNow) {
        List<Chosen> chosen = new ArrayList<>();
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
            for (Iterator<Held> waiting = held.iterator(); waiting.hasNext() && !ready.isEmpty(); ) {
                Held request = waiting.next();
                Backend backend = leastOutstanding(request.refused());
                if (backend != null) {
                    waiting.remove();
                    backend.outstanding++;
                    chosen.add(new Chosen(request, backend));
                }
            }
        } finally {
            lock.unlock();
        }
        // Outside the lock: completing a future runs the request on, here or on the thread that waits for it.
        for (Chosen c : chosen) {
            if (!c.request().backend().complete(c.backend())) {
                release(c.backend()); // it timed out, or its client went away, meanwhile
            }
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
            return held.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The ready replica with the fewest outstanding requests, other than those in {@code refused}, counted as one more
     * outstanding until {@link #release}. With none ready, the request is held: the future completes once one is, or fails
     * with a {@link LeptonException} after {@code hold}, or at once when {@code maxHeld} requests are held already. Whoever
     * gives up on the future first completes it (with {@code completeExceptionally}): a replica chosen meanwhile is released.
     */
    /** The ready replica with the fewest outstanding requests, counted as one more until {@link #release}; null where none is ready. */
    public Backend tryAcquire() {
        lock.lock();
        try {
            Backend chosen = leastOutstanding(Set.of());
            if (chosen != null) {
                chosen.outstanding++;
            }
            return chosen;
        } finally {
            lock.unlock();
        }
    }

    public CompletableFuture<Backend> acquire(Duration hold, int maxHeld, Set<String> refused) {
        Held request;
        lock.lock();
        try {
            Backend chosen = leastOutstanding(refused);
            if (chosen != null) {
                chosen.outstanding++;
                return CompletableFuture.completedFuture(chosen);
            }
            if (!refused.isEmpty() && !ready.isEmpty()) {
                return CompletableFuture.failedFuture(new LeptonException(ErrorCode.REPLICA_FAILED, "deployment " + deployment
                        + ": every ready replica refused the connection (" + String.join(", ", refused) + ")"));
            }
            if (held.size() >= maxHeld) {
                return CompletableFuture.failedFuture(new LeptonException(ErrorCode.UNAVAILABLE, "deployment " + deployment
                        + " has no ready replica and " + held.size() + " requests already waiting for one; retry later"));
            }
            request = new Held(Set.copyOf(refused), new CompletableFuture<>());
            held.add(request);
        } finally {
            lock.unlock();
        }
        request.backend().whenComplete((backend, failure) -> {
            if (failure != null) {
                forget(request);
            }
        });
        CompletableFuture.delayedExecutor(hold.toNanos(), TimeUnit.NANOSECONDS).execute(() -> request.backend().completeExceptionally(
                new LeptonException(ErrorCode.UNAVAILABLE, "deployment " + deployment + ": no replica became ready within " + hold
                        + " (see lepton deploy status " + deployment + ")")));
        whenHeld.run();
        return request.backend();
    }

    /**
     * {@link #acquire}, waiting on this thread: for a WebSocket upgrade, which the HTTP server runs on a virtual thread of
     * its own. Throws the {@link LeptonException} the future fails with.
     */
    public Backend acquireWaiting(Duration hold, int maxHeld, Set<String> refused) throws InterruptedException {
        CompletableFuture<Backend> backend = acquire(hold, maxHeld, refused);
        try {
            return backend.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LeptonException refusal) {
                throw refusal;
            }
            throw new IllegalStateException("acquiring a replica failed unexpectedly", e.getCause());
        } catch (InterruptedException e) {
            if (!backend.completeExceptionally(e)) {
                release(backend.join());
            }
            throw e;
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

    private void forget(Held request) {
        lock.lock();
        try {
            held.remove(request);
        } finally {
            lock.unlock();
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
