package dev.lepton.core.energy;

/** The parts of a node whose power is read or modelled separately. */
public enum ComponentKind {
    /** One CPU package (socket), or the node's CPUs together when modelled. */
    CPU_PACKAGE,
    /** The memory attached to one CPU package, as RAPL's {@code dram} zone reads it. */
    DRAM,
    /** One GPU board. */
    GPU
}
