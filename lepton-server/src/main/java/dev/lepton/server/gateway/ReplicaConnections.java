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
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.util.IO;

/**
 * The relay's connections to replicas, kept open between requests, the last used first. Each is opened on, and kept for,
 * the selector of the client connection that needed it, so that a request and its answer are read and written by one
 * thread.
 */
final class ReplicaConnections {
    /**
     * How long a connection is kept unused: under the shortest keep-alive of the servers a replica may run (uvicorn's,
     * 5 s), so that the gateway closes it before the replica does and never sends a request on a connection the replica is
     * closing.
     */
    static final long IDLE_MILLIS = 4_000;

    private final GatewayConnector.Selectors selectors;
    private final Executor executor;
    private final ByteBufferPool buffers;
    private final GatewayConfig config;
    private final int maxHeaderBytes;
    private final ConcurrentHashMap<Key, Destination> destinations = new ConcurrentHashMap<>();

    /** A replica as seen from one selector. */
    private record Key(Replica replica, ManagedSelector selector) {}

    /** One replica's address, resolved once, and its idle connections on one selector. */
    static final class Destination {
        private final Key key;
        private final InetSocketAddress address;
        private final ConcurrentLinkedDeque<ReplicaConnection> idle = new ConcurrentLinkedDeque<>();

        private Destination(Key key) {
            this.key = key;
            this.address = new InetSocketAddress(key.replica.base().getHost(), key.replica.base().getPort());
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

    ReplicaConnections(GatewayConnector.Selectors selectors, Executor executor, ByteBufferPool buffers, GatewayConfig config, int maxHeaderBytes) {
        this.selectors = selectors;
        this.executor = executor;
        this.buffers = buffers;
        this.config = config;
        this.maxHeaderBytes = maxHeaderBytes;
        selectors.setConnectTimeout(config.connectTimeout().toMillis());
    }

    /** Sends {@code exchange}'s request on an idle connection to its replica kept on selector {@code on}, or on a new one there. */
    void send(ClientRelay.Exchange exchange, ManagedSelector on) {
        Destination destination = destinations.computeIfAbsent(new Key(exchange.replica(), on), Destination::new);
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
            selectors.open(channel, opening, channel.connect(destination.address), on);
        } catch (IOException | RuntimeException e) {
            IO.close(channel);
            exchange.neverSent(e);
        }
    }

    /**
     * A connection is free for the next request. Where its destination was forgotten just before (its last idle connection
     * closed), it waits in a deque no one reads and closes after {@link #IDLE_MILLIS}: a spare connection, never a lost
     * request, and cheaper than a lookup on every request to take the destination back.
     */
    void idle(Destination destination, ReplicaConnection connection) {
        destination.idle.offerFirst(connection);
    }

    /** A connection closed: it is no longer offered, and a replica left with none on a selector is forgotten there. */
    void closed(Destination destination, ReplicaConnection connection) {
        destination.idle.remove(connection);
        if (destination.idle.isEmpty()) {
            destinations.remove(destination.key, destination);
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
