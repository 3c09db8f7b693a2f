package dev.lepton.core.energy;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.resource.Resources;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One sampling interval of a node: each component's power with its idle baseline, the node's
 * capacity, the CPU time all its processes used (attempts, daemons, the kernel: {@code /proc/stat}'s
 * busy time), and the attempts that ran.
 */
public record NodeInterval(Duration length, List<ComponentPower> components, Resources capacity, double nodeCpuSeconds,
        List<AttemptActivity> attempts) {
    public NodeInterval {
        requireNonNull(length, "length is null");
        requireNonNull(capacity, "capacity is null");
        components = List.copyOf(components);
        attempts = List.copyOf(attempts);
        if (length.isNegative() || !(nodeCpuSeconds >= 0) || Double.isInfinite(nodeCpuSeconds)) {
            throw new IllegalArgumentException("invalid interval: " + length + ", node CPU " + nodeCpuSeconds + " s");
        }
        Set<Object> seen = new HashSet<>();
        for (AttemptActivity a : attempts) {
            if (!seen.add(a.attempt())) {
                throw new IllegalArgumentException("attempt " + a.attempt() + " appears twice in one interval");
            }
        }
    }
}
