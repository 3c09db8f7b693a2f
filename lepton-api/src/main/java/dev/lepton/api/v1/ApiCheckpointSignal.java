package dev.lepton.api.v1;

/**
 * A signal for the job's workers {@code lead} (a duration, e.g. {@code 60s}) before they are stopped
 * for preemption or for reaching {@code maxDuration}, so that they can save a checkpoint; as Slurm's
 * {@code --signal=USR1@60}. {@code signal}: {@code USR1}, {@code USR2}, {@code HUP}, {@code INT},
 * {@code QUIT} or {@code TERM}.
 */
public record ApiCheckpointSignal(String signal, String lead) {}
