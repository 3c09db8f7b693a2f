/**
 * Jobs that belong together: arrays (one submission, one job per index, at most {@code parallelism}
 * of them at once) and dependencies (a job that starts only after others have ended as it asks).
 * Pure decisions: what an index list means, which queued jobs must wait and why, how an array stands.
 */
package dev.lepton.core.workflow;
