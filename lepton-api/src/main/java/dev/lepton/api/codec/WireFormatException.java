package dev.lepton.api.codec;

/** A request body or file that is not a well-formed object; the message names the field. */
public class WireFormatException extends RuntimeException {
    public WireFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
