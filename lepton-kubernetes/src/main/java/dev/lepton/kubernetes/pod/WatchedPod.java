package dev.lepton.kubernetes.pod;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.ProcessRef;
import dev.lepton.core.resource.Accelerators;
import dev.lepton.kubernetes.usage.WorkerMeter;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A worker whose pod this executor watches, launched or recovered: its exit is reported once, and its
 * pod deleted once for a stop. Reserved before its pod is created, so two launches of one attempt cannot
 * both create it; its pod's events count only once it exists. Once it does, it carries what the pod asked
 * for on which node, and its meter (usage from the metrics API, modelled energy).
 */
final class WatchedPod {
    private final AttemptId attempt;
    private volatile ProcessRef process;
    private volatile Requested requested;
    private volatile WorkerMeter meter;
    private final AtomicBoolean reported = new AtomicBoolean();
    private final AtomicBoolean stopping = new AtomicBoolean();

    /** What the worker's pod asked for, on which node: its share of the node's modelled power. */
    record Requested(String node, long cpuMillis, int gpus) {
        Requested {
            requireNonNull(node, "node is null");
        }

        /**
         * The pod's requests (its one container's), on {@code node}; its GPUs are its accelerator devices of every
         * resource name, as the node's model counts them ({@code NodeMapping}).
         */
        static Requested of(Pod pod, String node) {
            Map<String, Quantity> requests = pod.getSpec().getContainers().stream().map(Container::getResources)
                    .filter(r -> r != null && r.getRequests() != null).map(r -> r.getRequests()).findFirst().orElse(Map.of());
            double accelerators = requests.entrySet().stream().filter(e -> Accelerators.isValidName(e.getKey()))
                    .mapToDouble(e -> amount(e.getValue())).sum();
            return new Requested(node, (long) (amount(requests.get("cpu")) * 1000), (int) accelerators);
        }

        private static double amount(Quantity quantity) {
            try {
                return quantity == null ? 0 : Quantity.getAmountInBytes(quantity).max(BigDecimal.ZERO).doubleValue();
            } catch (IllegalArgumentException | ArithmeticException e) {
                return 0;
            }
        }
    }

    WatchedPod(AttemptId attempt) {
        this.attempt = requireNonNull(attempt, "attempt is null");
    }

    AttemptId attempt() {
        return attempt;
    }

    /** Its pod exists: from now on the pod's state is the worker's, and its use counts from the pod's making. */
    void created(ProcessRef ref, Requested requested) {
        this.requested = requireNonNull(requested, "requested is null");
        this.meter = new WorkerMeter(ref.startedAt());
        process = requireNonNull(ref, "ref is null");
    }

    boolean isCreated() {
        return process != null;
    }

    ProcessRef process() {
        return process;
    }

    /** Set once created. */
    Requested requested() {
        return requested;
    }

    /** Set once created. */
    WorkerMeter meter() {
        return meter;
    }

    /** The node the pod is on, once created. */
    Optional<String> node() {
        return Optional.ofNullable(requested).map(Requested::node);
    }

    /** True the first time only: the exit is reported once. */
    boolean markReported() {
        return reported.compareAndSet(false, true);
    }

    /** True the first time only: one deletion per stop. */
    boolean markStopping() {
        return stopping.compareAndSet(false, true);
    }
}
