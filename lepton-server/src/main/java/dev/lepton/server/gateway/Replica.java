package dev.lepton.server.gateway;

import static java.util.Objects.requireNonNull;

import java.net.URI;

/** A replica the gateway may send requests to: its id (the replica job's), and where it listens, as the executor said. */
public record Replica(String id, URI base) {
    public Replica {
        requireNonNull(id, "id is null");
        requireNonNull(base, "base is null");
        if (base.getScheme() == null || base.getHost() == null || base.getPort() < 1) {
            throw new IllegalArgumentException("a replica's address needs a scheme, a host and a port: " + base);
        }
    }
}
