package dev.lepton.server.deployments;

import dev.lepton.core.serving.Probe;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What the probes have said of one replica, between the controller's passes. Until it is first ready, readiness is asked
 * on every pass (every 100 ms while requests wait for it), so that a replica takes requests as soon as it can; after
 * that every {@link Probe#period()}, and {@link Probe#failureThreshold()} failures in a row take it out of routing
 * until it answers again. Liveness is asked every period once the replica has been ready; its threshold of failures in
 * a row means the replica is to be restarted. Used from the controller's one thread.
 */
final class ReplicaHealth {
    private boolean ready;
    private boolean everReady;
    private int readinessFailures;
    private Instant readinessAsked = Instant.MIN;
    private int livenessFailures;
    private Instant livenessAsked = Instant.MIN;

    /** Whether the replica takes requests now, asking {@code answers} (the probe's GET succeeds) when its time has come. */
    boolean ready(Probe readiness, Instant now, Predicate<Probe> answers) {
        if (everReady && now.isBefore(readinessAsked.plus(readiness.period()))) {
            return ready;
        }
        readinessAsked = now;
        if (answers.test(readiness)) {
            ready = true;
            everReady = true;
            readinessFailures = 0;
        } else if (!everReady || ++readinessFailures >= readiness.failureThreshold()) {
            ready = false;
        }
        return ready;
    }

    /** Why the replica is to be restarted, once {@code liveness} has failed its threshold in a row; empty while it lives. */
    Optional<String> dead(Optional<Probe> liveness, Instant now, Predicate<Probe> answers) {
        if (liveness.isEmpty() || !everReady || now.isBefore(livenessAsked.plus(liveness.get().period()))) {
            return Optional.empty();
        }
        Probe probe = liveness.get();
        livenessAsked = now;
        livenessFailures = answers.test(probe) ? 0 : livenessFailures + 1;
        return livenessFailures >= probe.failureThreshold()
                ? Optional.of("liveness probe GET " + probe.path() + " failed " + livenessFailures + " times in a row")
                : Optional.empty();
    }
}
