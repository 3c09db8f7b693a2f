package dev.lepton.serving.protocol;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A response body ready to send: JSON alone, or JSON followed by binary outputs, then
 * {@code jsonLength} is the {@value RequestReader#HEADER_LENGTH} header's value.
 */
public record EncodedResponse(byte[] body, String contentType, Optional<Integer> jsonLength) {
    public EncodedResponse {
        requireNonNull(body, "body is null");
        requireNonNull(contentType, "contentType is null");
        requireNonNull(jsonLength, "jsonLength is null");
    }
}
