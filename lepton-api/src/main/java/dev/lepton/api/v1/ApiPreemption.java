package dev.lepton.api.v1;

/** Whether the job may preempt lower-priority work, and may be preempted by higher (both default true). */
public record ApiPreemption(Boolean canPreempt, Boolean canBePreempted) {}
