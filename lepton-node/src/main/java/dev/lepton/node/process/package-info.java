/**
 * Runs workers as local processes: one working directory and one process group per attempt,
 * output and exit status kept in files so that workers outlive the server and are re-found after
 * a restart through {@code /proc}.
 */
package dev.lepton.node.process;
