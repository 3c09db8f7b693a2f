/**
 * The gateway: requests to a deployment's endpoint forwarded to its ready replicas by least outstanding
 * requests ({@link dev.lepton.server.gateway.ReplicaPool}), held while it has none, streamed back as they
 * arrive, each chunk written on as it comes so server-sent events and chunked bodies pass event by event, no thread
 * waiting on any request ({@link dev.lepton.server.gateway.GatewayProxy}), WebSockets relayed frame by frame to a replica, their token
 * also taken from {@code ?token=} since browsers cannot set headers on them
 * ({@link dev.lepton.server.gateway.WebSocketRelay}), and measured for the autoscaler
 * ({@link dev.lepton.server.gateway.LoadMeter}).
 */
package dev.lepton.server.gateway;
