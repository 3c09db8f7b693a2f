package dev.lepton.node.limits;

import java.nio.file.Path;
import java.util.List;

/** One attempt's limits as the OS holds them: the control groups its worker joins. */
public interface AttemptLimits {
    /**
     * The control files through which the worker's wrapper joins its groups, by writing {@code 0}
     * (itself) to each before the worker starts; empty under a watch.
     */
    List<Path> joins();

    /** Whether the kernel killed a process of the attempt for exceeding the memory limit. */
    boolean oomKilled();

    /** Removes the groups once the attempt has ended; a group that still holds processes is left for a later sweep. */
    void release();

    /** Limits that the OS does not hold: nothing to join, nothing to release. */
    AttemptLimits NONE = new AttemptLimits() {
        @Override
        public List<Path> joins() {
            return List.of();
        }

        @Override
        public boolean oomKilled() {
            return false;
        }

        @Override
        public void release() {
        }
    };
}
