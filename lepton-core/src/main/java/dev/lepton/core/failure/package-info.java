/** Errors with a stable code and a kind that edges (HTTP, CLI) map to a status or an exit code. */
package dev.lepton.core.failure;
