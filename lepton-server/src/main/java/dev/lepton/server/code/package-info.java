/**
 * Code snapshots: the submitter's directory as a gzip tar, stored once per content (named by its
 * SHA-256) under {@code $LEPTON_HOME/code/}, and visible to a project once someone in it has sent
 * its bytes. Jobs name the snapshot in {@code spec.code}; the executor unpacks it for each worker.
 */
package dev.lepton.server.code;
