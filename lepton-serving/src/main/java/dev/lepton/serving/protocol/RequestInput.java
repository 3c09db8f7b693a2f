package dev.lepton.serving.protocol;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.inference.DataType;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/** One {@code $request_input}: name, shape, datatype, parameters and its data, as JSON scalars or as binary. */
public record RequestInput(String name, List<Long> shape, DataType datatype, Map<String, Object> parameters, Data data) {
    public RequestInput {
        requireNonNull(name, "name is null");
        shape = List.copyOf(shape);
        requireNonNull(datatype, "datatype is null");
        parameters = Map.copyOf(parameters);
        requireNonNull(data, "data is null");
    }

    /** Where the elements are. */
    public sealed interface Data {}

    /** In the JSON object's {@code data}. */
    record Json(JsonElements elements) implements Data {}

    /** In the binary part of the body, after the JSON ({@code binary_data_size} bytes). */
    public record Binary(ByteBuffer bytes) implements Data {}
}
