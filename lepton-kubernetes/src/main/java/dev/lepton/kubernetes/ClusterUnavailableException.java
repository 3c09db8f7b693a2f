package dev.lepton.kubernetes;

/**
 * The cluster cannot be used: its kubeconfig cannot be read, its API server does not answer in time, or
 * the namespace is missing. The message is one line, fit to end {@code lepton server} with.
 */
public final class ClusterUnavailableException extends RuntimeException {
    public ClusterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
