package dev.lepton.server.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executor;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.util.IO;

/**
 * The relay's connections to replicas, opened on the server's own selectors (so that a request and its answer are read
 * and written by one thread where there is one selector) and kept open between requests, the last used first.
 */
final class ReplicaConnections {
    /**
     * How long a connection is kept unused: under the shortest keep-alive of the servers a replica may run (uvicorn's,
     * 5 s), so that the gateway closes it before the replica does and never sends a request on a connection the replica is
     * closing.
     */
    static final long IDLE_MILLIS = 4_000;

    private final SelectorManager selectors;
    private final Executor executor;
    private final ByteBufferPool buffers;
    private final GatewayConfig config;
    private final int maxHeaderBytes;
    private final ConcurrentHashMap<Replica, Destination> destinations = new ConcurrentHashMap<>();

    /** One replica's address, resolved once, and its idle connections. */
    static final class Destination {
        private final Replica replica;
        private final InetSocketAddress address;
        private final ConcurrentLinkedDeque<ReplicaConnection> idle = new ConcurrentLinkedDeque<>();

        private Destination(Replica replica) {
            this.replica = replica;
            this.address = new InetSocketAddress(replica.base().getHost(), replica.base().getPort());
        }
    }

    /** A connection being opened for {@code first}; the connector's selectors make it one ({@link GatewayConnector}). */
    record Opening(ReplicaConnections connections, Destination destination, ClientRelay.Exchange first) {
        Connection open(EndPoint endPoint) {
            return new ReplicaConnection(endPoint, connections, destination, first);
        }

        void failed(Throwable cause) {
            first.neverSent(cause);
        }
    }

    ReplicaConnections(SelectorManager selectors, Executor executor, ByteBufferPool buffers, GatewayConfig config, int maxHeaderBytes) {
        this.selectors = selectors;
        this.executor = executor;
        this.buffers = buffers;
        this.config = config;
        this.maxHeaderBytes = maxHeaderBytes;
        selectors.setConnectTimeout(config.connectTimeout().toMillis());
    }

    /** Sends {@code exchange}'s request on an idle connection to its replica, or on a new one. */
    void send(ClientRelay.Exchange exchange) {
        Destination destination = destinations.computeIfAbsent(exchange.replica(), Destination::new);
        for (ReplicaConnection idle = destination.idle.pollFirst(); idle != null; idle = destination.idle.pollFirst()) {
            if (idle.take(exchange)) {
                return;
            }
        }
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.configureBlocking(false);
            Opening opening = new Opening(this, destination, exchange);
            if (channel.connect(destination.address)) {
                selectors.accept(channel, opening);
            } else {
                selectors.connect(channel, opening);
            }
        } catch (IOException | RuntimeException e) {
            IO.close(channel);
            exchange.neverSent(e);
        }
    }

    void idle(Destination destination, ReplicaConnection connection) {
        destination.idle.offerFirst(connection);
    }

    /** A connection closed: it is no longer offered, and a replica left with none is forgotten. */
    void closed(Destination destination, ReplicaConnection connection) {
        destination.idle.remove(connection);
        if (destination.idle.isEmpty()) {
            destinations.remove(destination.replica, destination);
        }
    }

    Executor executor() {
        return executor;
    }

    ByteBufferPool buffers() {
        return buffers;
    }

    GatewayConfig config() {
        return config;
    }

    int maxHeaderBytes() {
        return maxHeaderBytes;
    }
}
