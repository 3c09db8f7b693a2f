package dev.lepton.server.gateway;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;

/**
 * The server's HTTP/1.1: each connection starts as the gateway's relay ({@link ClientRelay}) and becomes Jetty's own
 * HTTP/1.1 connection at its first request the relay does not pass on. Anything that looks for the server's
 * {@link HttpConnectionFactory} (its configuration, an upgrade to h2c) finds this one.
 */
final class RelayConnectionFactory extends HttpConnectionFactory {
    private final Routing routing;
    private final GatewayConfig config;
    private final long maxRequestBytes;
    private volatile ReplicaConnections replicas;

    RelayConnectionFactory(HttpConfiguration http, Routing routing, GatewayConfig config, long maxRequestBytes) {
        super(http);
        // A connection handed over takes what the relay has read into Jetty's own buffer: the two are the same size.
        setInputBufferSize(ClientRelay.BUFFER_BYTES);
        this.routing = routing;
        this.config = config;
        this.maxRequestBytes = maxRequestBytes;
    }

    void connectVia(ReplicaConnections replicas) {
        this.replicas = replicas;
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        return configure(new ClientRelay(connector, endPoint, this), connector, endPoint);
    }

    /** Jetty's own HTTP/1.1 connection, for a client's connection the relay hands over. */
    Connection jettyConnection(Connector connector, EndPoint endPoint) {
        return super.newConnection(connector, endPoint);
    }

    Routing routing() {
        return routing;
    }

    ReplicaConnections replicas() {
        return replicas;
    }

    GatewayConfig config() {
        return config;
    }

    long maxRequestBytes() {
        return maxRequestBytes;
    }
}
