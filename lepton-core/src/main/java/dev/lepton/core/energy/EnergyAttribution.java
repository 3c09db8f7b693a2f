package dev.lepton.core.energy;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.execution.AttemptId;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Splits one interval's node energy among the attempts that ran, as Kepler does and a little further:
 *
 * <ol>
 *   <li>A GPU in one attempt's {@link AttemptActivity#gpuShares() shares} is wholly its own, idle or busy.
 *       A GPU in several attempts' shares is split by their weights on it (equally when all are 0). A
 *       GPU in nobody's is idle.
 *   <li>A CPU package's energy is split into idle (its idle baseline, at most what it drew) and active
 *       (the rest). Active energy goes to attempts by their share of the node's busy CPU time; the
 *       share of processes that are not attempts is {@code system}.
 *   <li>Idle energy goes, under {@link IdlePolicy#BY_ALLOCATION}, to attempts by their share of the
 *       node's CPU capacity, the unallocated rest to {@code idle}; under {@link IdlePolicy#UNATTRIBUTED}
 *       all of it to {@code idle}.
 *   <li>DRAM is split as a CPU package is, except that its idle share follows allocated memory.
 * </ol>
 *
 * Nothing is dropped: whatever no attempt takes is idle or system, and {@link Attribution} refuses a
 * split whose parts do not add up to the node's energy.
 */
public final class EnergyAttribution {
    private final IdlePolicy idlePolicy;

    public EnergyAttribution(IdlePolicy idlePolicy) {
        this.idlePolicy = requireNonNull(idlePolicy, "idlePolicy is null");
    }

    public Attribution attribute(NodeInterval interval) {
        Split split = new Split(interval.attempts());
        for (ComponentPower component : interval.components()) {
            ComponentReading reading = component.reading();
            split.node(reading);
            switch (reading.kind()) {
                case CPU_PACKAGE -> splitHost(split, component, interval, interval.capacity().cpuMillis(), a -> a.allocated().cpuMillis());
                case DRAM -> splitHost(split, component, interval, interval.capacity().memoryBytes(), a -> a.allocated().memoryBytes());
                case GPU -> splitGpu(split, reading, interval.attempts());
            }
        }
        return split.result(interval);
    }

    private void splitHost(Split split, ComponentPower component, NodeInterval interval, long capacity,
            ToLongFunction<AttemptActivity> allocation) {
        ComponentKind kind = component.reading().kind();
        double total = component.reading().joules();
        double idle = Math.min(component.idleWatts() * ComponentReading.seconds(component.reading().interval()), total);
        double active = total - idle;

        double attemptCpu = interval.attempts().stream().mapToDouble(AttemptActivity::cpuSeconds).sum();
        // /proc/stat and the attempts' own counters are read at slightly different moments: never let the node have less.
        double busy = Math.max(interval.nodeCpuSeconds(), attemptCpu);
        double given = 0;
        if (busy > 0) {
            for (AttemptActivity a : interval.attempts()) {
                given += split.attempt(a.attempt(), kind, active * a.cpuSeconds() / busy);
            }
        }
        split.system(kind, active - given);

        double idleGiven = 0;
        if (idlePolicy == IdlePolicy.BY_ALLOCATION) {
            long allocated = interval.attempts().stream().mapToLong(allocation).sum();
            double of = Math.max(capacity, allocated);
            if (of > 0) {
                for (AttemptActivity a : interval.attempts()) {
                    idleGiven += split.attempt(a.attempt(), kind, idle * allocation.applyAsLong(a) / of);
                }
            }
        }
        split.idle(kind, idle - idleGiven);
    }

    private static void splitGpu(Split split, ComponentReading reading, List<AttemptActivity> attempts) {
        List<AttemptActivity> holders = attempts.stream().filter(a -> a.gpuShares().containsKey(reading.index())).toList();
        double total = reading.joules();
        if (holders.isEmpty()) {
            split.idle(ComponentKind.GPU, total);
            return;
        }
        double weights = holders.stream().mapToDouble(a -> a.gpuShares().get(reading.index())).sum();
        double given = 0;
        for (AttemptActivity a : holders) {
            double share = weights > 0 ? a.gpuShares().get(reading.index()) / weights : 1.0 / holders.size();
            given += split.attempt(a.attempt(), ComponentKind.GPU, total * share);
        }
        // Rounding leaves a few ulps; they are idle rather than lost.
        split.idle(ComponentKind.GPU, total - given);
    }

    /** The interval's parts as they are handed out; one per call to {@link #attribute}. */
    private static final class Split {
        private final Map<AttemptId, ComponentJoules> attempts = new LinkedHashMap<>();
        private final Map<ComponentKind, Provenance> provenance = new EnumMap<>(ComponentKind.class);
        private ComponentJoules idle = ComponentJoules.ZERO;
        private ComponentJoules system = ComponentJoules.ZERO;
        private ComponentJoules node = ComponentJoules.ZERO;

        Split(List<AttemptActivity> running) {
            running.forEach(a -> attempts.put(a.attempt(), ComponentJoules.ZERO));
        }

        void node(ComponentReading reading) {
            node = node.plus(reading.kind(), reading.joules());
            provenance.merge(reading.kind(), reading.provenance(), Provenance::and);
        }

        double attempt(AttemptId id, ComponentKind kind, double joules) {
            attempts.merge(id, ComponentJoules.of(kind, joules), ComponentJoules::plus);
            return joules;
        }

        void idle(ComponentKind kind, double joules) {
            idle = idle.plus(kind, Math.max(0, joules));
        }

        void system(ComponentKind kind, double joules) {
            system = system.plus(kind, Math.max(0, joules));
        }

        Attribution result(NodeInterval interval) {
            return new Attribution(interval.length(), attempts, idle, system, node, provenance);
        }
    }
}
