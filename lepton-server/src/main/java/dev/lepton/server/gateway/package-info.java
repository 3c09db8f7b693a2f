/**
 * The gateway: requests to a deployment's endpoint forwarded to its ready replicas by least outstanding
 * requests ({@link dev.lepton.server.gateway.ReplicaPool}). A plain HTTP/1.1 request for a ready replica is relayed by the
 * server's connector itself, parsed once and passed on with its hop's headers changed, on the selector that read it
 * ({@link dev.lepton.server.gateway.GatewayConnector}, {@link dev.lepton.server.gateway.ClientRelay},
 * {@link dev.lepton.server.gateway.ReplicaConnection}); the rest goes through Jetty's HTTP and client: held while there is
 * no replica, retried on another when one refuses the connection, streamed back as they arrive, each chunk written on as it
 * comes so server-sent events and chunked bodies pass event by event, no thread waiting on any request
 * ({@link dev.lepton.server.gateway.GatewayProxy}), WebSockets relayed frame by frame to a replica, their token
 * also taken from {@code ?token=} since browsers cannot set headers on them
 * ({@link dev.lepton.server.gateway.WebSocketRelay}), and measured for the autoscaler
 * ({@link dev.lepton.server.gateway.LoadMeter}).
 */
package dev.lepton.server.gateway;
