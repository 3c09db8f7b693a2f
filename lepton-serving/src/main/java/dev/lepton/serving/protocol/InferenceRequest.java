package dev.lepton.serving.protocol;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@code $inference_request} as read, before it is checked against a model. */
public record InferenceRequest(Optional<String> id, Map<String, Object> parameters, List<RequestInput> inputs, List<RequestedOutput> outputs) {
    /** The request parameter asking for every output as binary data unless an output says otherwise. */
    public static final String BINARY_DATA_OUTPUT = "binary_data_output";

    public InferenceRequest {
        requireNonNull(id, "id is null");
        parameters = Map.copyOf(parameters);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }
}
