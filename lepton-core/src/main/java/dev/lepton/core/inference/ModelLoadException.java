package dev.lepton.core.inference;

/** A model file the runtime cannot read or load; the message says which file and why. */
public final class ModelLoadException extends RuntimeException {
    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
