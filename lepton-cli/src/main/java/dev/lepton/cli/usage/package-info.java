/** {@code lepton usage}: what users, projects and queues used over a time window, as Slurm's {@code sreport} answers. */
package dev.lepton.cli.usage;
