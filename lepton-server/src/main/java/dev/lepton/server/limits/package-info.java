/**
 * What one tenant may demand of the platform: requests per second per token, and jobs queued or
 * running per user and per project (Slurm's {@code MaxSubmitJobs} and {@code MaxJobs}).
 */
package dev.lepton.server.limits;
