package dev.lepton.client;

import java.net.URI;

/** Nothing answered at the server address. */
public class ServerUnreachableException extends RuntimeException {
    public ServerUnreachableException(URI server, Throwable cause) {
        super("cannot reach the Lepton server at " + server + " (" + cause.getClass().getSimpleName()
                + "); start it with `lepton server` or set --server / LEPTON_SERVER", cause);
    }
}
