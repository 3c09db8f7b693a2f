/**
 * Serving decisions, pure: how many replicas a deployment needs for the load its gateway measured
 * ({@link dev.lepton.core.serving.Autoscaler}), with scale-up and scale-down delays and scale to zero.
 * The gateway measures and the server acts; nothing here reads a clock or does I/O.
 */
package dev.lepton.core.serving;
