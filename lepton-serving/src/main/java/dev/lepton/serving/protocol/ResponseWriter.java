package dev.lepton.serving.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.lepton.core.inference.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a {@code $inference_response}: each output's name, datatype, shape and flat row-major data
 * in JSON, or for an output asked for as binary a {@code binary_data_size} parameter with its bytes
 * after the JSON (the binary tensor data extension).
 */
public final class ResponseWriter {
    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

    private ResponseWriter() {}

    public static EncodedResponse write(String model, String version, CheckedRequest request, Map<String, Tensor> outputs) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(1024);
        List<ByteBuffer> binary = new ArrayList<>();
        try (JsonGenerator json = JSON.createGenerator(body)) {
            json.writeStartObject();
            json.writeStringField("model_name", model);
            json.writeStringField("model_version", version);
            if (request.id().isPresent()) {
                json.writeStringField("id", request.id().get());
            }
            json.writeArrayFieldStart("outputs");
            for (CheckedRequest.Returned returned : request.returns()) {
                Tensor tensor = outputs.get(returned.name());
                if (tensor == null) {
                    throw new IllegalStateException("the run returned no output '" + returned.name() + "'");
                }
                writeOutput(json, returned, tensor);
                if (returned.binary()) {
                    binary.add(tensor.data());
                }
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory does no I/O
        }
        if (binary.isEmpty()) {
            return new EncodedResponse(body.toByteArray(), "application/json", Optional.empty());
        }
        int jsonLength = body.size();
        for (ByteBuffer bytes : binary) {
            byte[] copy = new byte[bytes.remaining()]; // a tensor's bytes are read-only: no backing array to hand over
            bytes.get(copy);
            body.writeBytes(copy);
        }
        return new EncodedResponse(body.toByteArray(), "application/octet-stream", Optional.of(jsonLength));
    }

    private static void writeOutput(JsonGenerator json, CheckedRequest.Returned returned, Tensor tensor) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", returned.name());
        json.writeStringField("datatype", tensor.datatype().name());
        json.writeArrayFieldStart("shape");
        for (long dim : tensor.shape()) {
            json.writeNumber(dim);
        }
        json.writeEndArray();
        if (returned.binary()) {
            json.writeObjectFieldStart("parameters");
            json.writeNumberField(RequestReader.BINARY_DATA_SIZE, tensor.byteSize());
            json.writeEndObject();
        } else {
            json.writeArrayFieldStart("data");
            writeElements(json, tensor);
            json.writeEndArray();
        }
        json.writeEndObject();
    }

    private static void writeElements(JsonGenerator json, Tensor tensor) throws IOException {
        ByteBuffer data = tensor.data();
        long count = tensor.elementCount();
        for (long i = 0; i < count; i++) {
            switch (tensor.datatype()) {
                case FP32 -> json.writeNumber(data.getFloat());
                case FP64 -> json.writeNumber(data.getDouble());
                case FP16 -> json.writeNumber(Float.float16ToFloat(data.getShort()));
                case BF16 -> json.writeNumber(Float.intBitsToFloat(data.getShort() << 16));
                case BOOL -> json.writeBoolean(data.get() != 0);
                case INT8 -> json.writeNumber(data.get());
                case UINT8 -> json.writeNumber(Byte.toUnsignedInt(data.get()));
                case INT16 -> json.writeNumber(data.getShort());
                case UINT16 -> json.writeNumber(Short.toUnsignedInt(data.getShort()));
                case INT32 -> json.writeNumber(data.getInt());
                case UINT32 -> json.writeNumber(Integer.toUnsignedLong(data.getInt()));
                case INT64 -> json.writeNumber(data.getLong());
                case UINT64 -> json.writeNumber(Long.toUnsignedString(data.getLong()));
                case BYTES -> throw new IllegalStateException("BYTES tensors are not dense");
            }
        }
    }
}
