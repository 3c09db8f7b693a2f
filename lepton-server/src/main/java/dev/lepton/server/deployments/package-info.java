/**
 * Inference deployments (issue 15): {@code kind: Deployment} over REST ({@link DeploymentRoutes}), checked by
 * {@link DeploymentMapper}, kept by the store, and kept running as replica jobs by {@link DeploymentController},
 * which probes them, feeds the gateway's pools and scales them with the core's autoscaler.
 */
package dev.lepton.server.deployments;
