/**
 * Dynamic batching: concurrent requests for one model wait in its {@link dev.lepton.serving.batching.ModelQueue}
 * (one thread owns it), {@link dev.lepton.serving.batching.BatchPlanner} decides which of them run together,
 * and {@link dev.lepton.serving.batching.BatchRun} stacks their rows into one run and splits the outputs back.
 */
package dev.lepton.serving.batching;
