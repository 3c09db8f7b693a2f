/**
 * Shipped code: a snapshot of the submitter's directory (a gzip tar) unpacked where workers start,
 * refusing any entry that would write outside it. Used by the local executor and, through the
 * server's wiring, by the Slurm executor.
 */
package dev.lepton.node.code;
