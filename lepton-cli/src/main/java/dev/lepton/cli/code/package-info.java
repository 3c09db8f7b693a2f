/**
 * Shipping the submitter's directory with a job: a snapshot (a reproducible gzip tar of what
 * {@code .gitignore} and {@code .leptonignore} let through), named by its SHA-256, sent to the
 * server only when the project does not have it yet.
 */
package dev.lepton.cli.code;
