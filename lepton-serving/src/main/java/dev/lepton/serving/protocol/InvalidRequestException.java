package dev.lepton.serving.protocol;

/** A request the server cannot take as it is (HTTP 400); the message names the field or tensor and the value at fault. */
public final class InvalidRequestException extends RuntimeException {
    public InvalidRequestException(String message) {
        super(message);
    }
}
