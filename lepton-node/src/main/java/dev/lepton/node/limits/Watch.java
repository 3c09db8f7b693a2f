package dev.lepton.node.limits;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.resource.Resources;
import java.util.Optional;

/**
 * No cgroup to be had (not root, a read-only cgroupfs): the executor compares each worker's sampled
 * resident memory with its limit and kills it when over. Coarser than the kernel (a worker may
 * exceed its limit for up to one sample interval) and blind to CPU.
 */
public record Watch() implements Enforcement {
    @Override
    public String name() {
        return WATCH;
    }

    @Override
    public AttemptLimits create(AttemptId attempt, Resources resources) {
        return AttemptLimits.NONE;
    }

    @Override
    public Optional<AttemptLimits> existing(AttemptId attempt) {
        return Optional.empty();
    }

    @Override
    public boolean watchesMemory() {
        return true;
    }
}
