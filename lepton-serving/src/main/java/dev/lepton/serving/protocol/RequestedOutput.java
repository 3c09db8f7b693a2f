package dev.lepton.serving.protocol;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** One {@code $request_output}: an output asked for by name; {@code binary} is its {@code binary_data} parameter, if given. */
public record RequestedOutput(String name, Optional<Boolean> binary) {
    public RequestedOutput {
        requireNonNull(name, "name is null");
        requireNonNull(binary, "binary is null");
    }
}
