package dev.lepton.server.gateway;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.util.concurrent.Executor;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The server's connector: HTTP/1.1 whose plain gateway requests are relayed to replicas ({@link ClientRelay}), the rest
 * served by Jetty, and {@code others} beside it (HTTP/2 cleartext). Its selectors also run the relay's connections to
 * the replicas, so that on one selector a request and its answer never cross threads.
 */
public final class GatewayConnector extends ServerConnector {
    public GatewayConnector(Server server, HttpConfiguration http, Routing routing, GatewayConfig config, long maxRequestBytes,
                            ConnectionFactory... others) {
        this(server, new RelayConnectionFactory(http, routing, config, maxRequestBytes), others);
    }

    private GatewayConnector(Server server, RelayConnectionFactory relay, ConnectionFactory... others) {
        super(server, prepend(relay, others));
        relay.connectVia(new ReplicaConnections(getSelectorManager(), getExecutor(), getByteBufferPool(), relay.config(),
                relay.getHttpConfiguration().getResponseHeaderSize()));
    }

    private static ConnectionFactory[] prepend(ConnectionFactory first, ConnectionFactory[] rest) {
        ConnectionFactory[] all = new ConnectionFactory[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    @Override
    protected SelectorManager newSelectorManager(Executor executor, Scheduler scheduler, int selectors) {
        return new ServerConnectorManager(executor, scheduler, selectors) {
            @Override
            public Connection newConnection(SelectableChannel channel, EndPoint endpoint, Object attachment) throws IOException {
                return attachment instanceof ReplicaConnections.Opening opening ? opening.open(endpoint) : super.newConnection(channel, endpoint, attachment);
            }

            @Override
            protected void connectionFailed(SelectableChannel channel, Throwable failure, Object attachment) {
                if (attachment instanceof ReplicaConnections.Opening opening) {
                    opening.failed(failure);
                } else {
                    super.connectionFailed(channel, failure, attachment);
                }
            }
        };
    }
}
