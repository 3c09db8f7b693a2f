/**
 * Retention: what has outlived its use is purged by a periodic task off the scheduler's thread
 * (ended jobs with their events and attempt files, old idempotency keys, files whose job is gone),
 * and running workers' logs are kept under a size cap.
 */
package dev.lepton.server.retention;
