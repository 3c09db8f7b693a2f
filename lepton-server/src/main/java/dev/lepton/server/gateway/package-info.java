/**
 * The gateway: requests to a deployment's endpoint forwarded to its ready replicas by least outstanding
 * requests ({@link dev.lepton.server.gateway.ReplicaPool}), held while it has none, streamed back as they
 * arrive ({@link dev.lepton.server.gateway.GatewayProxy}), and measured for the autoscaler
 * ({@link dev.lepton.server.gateway.LoadMeter}).
 */
package dev.lepton.server.gateway;
