package dev.lepton.core.energy;

/**
 * Who pays for the power a CPU package and its memory draw when nothing runs. Either way the
 * idle power is reported; the policy decides only whether attempts carry part of it.
 */
public enum IdlePolicy {
    /**
     * Each attempt carries the share of idle power that its allocation is of the node's capacity
     * (CPU millicores for the package, memory for DRAM); the unallocated rest stays idle. The
     * default: a reserved core costs power whether or not it is busy.
     */
    BY_ALLOCATION,
    /** Attempts carry only the active power they caused; all idle power stays idle. */
    UNATTRIBUTED;

    public static final IdlePolicy DEFAULT = BY_ALLOCATION;
}
