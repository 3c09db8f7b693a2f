package dev.lepton.core.inference;

/**
 * The runtime refused to run on these inputs although they fit the signature (a value or a
 * dimension the graph cannot take); the request is at fault, not the server.
 */
public final class InputRejectedException extends RuntimeException {
    public InputRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
