package dev.lepton.server.scheduler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** A port for a gang's rendezvous (rank 0 listens on it). */
final class Ports {
    private Ports() {}

    static int free() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the job's rendezvous", e);
        }
    }
}
