package dev.lepton.server.gateway;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executor;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The server's connector: HTTP/1.1 whose plain gateway requests are relayed to replicas ({@link ClientRelay}), the rest
 * served by Jetty, and {@code others} beside it (HTTP/2 cleartext). Its selectors also run the relay's connections to
 * the replicas, each on the selector of the client connection that needs it, so that a request and its answer are read
 * and written by one thread, as in one of nginx's workers.
 */
public final class GatewayConnector extends ServerConnector {
    /**
     * @param selectors how many selector threads read and write connections, 0 for Jetty's default (one per two cores); a
     *     relayed request and its answer never leave the selector that read the request
     */
    public GatewayConnector(Server server, int selectors, HttpConfiguration http, Routing routing, GatewayConfig config,
                            long maxRequestBytes, ConnectionFactory... others) {
        this(server, selectors, new RelayConnectionFactory(http, routing, config, maxRequestBytes), others);
    }

    private GatewayConnector(Server server, int selectors, RelayConnectionFactory relay, ConnectionFactory... others) {
        super(server, null, null, null, -1, selectors, prepend(relay, others));
        relay.connectVia(new ReplicaConnections((Selectors) getSelectorManager(), getExecutor(), getByteBufferPool(),
                relay.config(), relay.getHttpConfiguration().getResponseHeaderSize()));
    }

    private static ConnectionFactory[] prepend(ConnectionFactory first, ConnectionFactory[] rest) {
        ConnectionFactory[] all = new ConnectionFactory[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    @Override
    protected SelectorManager newSelectorManager(Executor executor, Scheduler scheduler, int selectors) {
        return new Selectors(executor, scheduler, selectors);
    }

    @Override
    protected SocketChannelEndPoint newEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key) {
        SocketChannelEndPoint endPoint = new SelectorEndPoint(channel, selector, key, getScheduler());
        endPoint.setIdleTimeout(getIdleTimeout());
        return endPoint;
    }

    /** A connection's endpoint that knows its selector, for the relay to open its replica connections there. */
    static final class SelectorEndPoint extends SocketChannelEndPoint {
        private final ManagedSelector selector;

        SelectorEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key, Scheduler scheduler) {
            super(channel, selector, key, scheduler);
            this.selector = selector;
        }

        ManagedSelector selector() {
            return selector;
        }
    }

    /** The connector's selectors, which also open the relay's connections to replicas on a selector of its choosing. */
    final class Selectors extends ServerConnectorManager {
        /** The selector {@link #open} asks for, for the one call of {@link #chooseSelector()} it makes on its thread. */
        private final ThreadLocal<ManagedSelector> chosen = new ThreadLocal<>();

        private Selectors(Executor executor, Scheduler scheduler, int selectors) {
            super(executor, scheduler, selectors);
        }

        /** Registers {@code channel}, connected or connecting, with selector {@code on}. */
        void open(SocketChannel channel, ReplicaConnections.Opening opening, boolean connected, ManagedSelector on) {
            chosen.set(on);
            try {
                if (connected) {
                    accept(channel, opening);
                } else {
                    connect(channel, opening);
                }
            } finally {
                chosen.remove();
            }
        }

        @Override
        protected ManagedSelector chooseSelector() {
            ManagedSelector on = chosen.get();
            return on != null ? on : super.chooseSelector();
        }

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
    }
}
