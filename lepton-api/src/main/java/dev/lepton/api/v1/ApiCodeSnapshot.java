package dev.lepton.api.v1;

/** A code snapshot stored for a project: its SHA-256 (what a job's {@code spec.code} names) and its size. */
public record ApiCodeSnapshot(String sha256, String project, long sizeBytes) {}
