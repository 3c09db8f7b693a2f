package dev.lepton.serving.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.lepton.core.inference.DataType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a {@code $inference_request} from a body: a JSON object, or with the binary tensor data
 * extension a JSON object of {@code Inference-Header-Content-Length} bytes followed by the inputs
 * that name a {@code binary_data_size}, in their order. The tensor data is streamed straight into
 * {@link JsonElements}, nested or flat, without a tree. Every refusal names the field and the value.
 */
public final class RequestReader {
    /** The header that says how long the JSON part of a body with binary data is. */
    public static final String HEADER_LENGTH = "Inference-Header-Content-Length";
    public static final String BINARY_DATA_SIZE = "binary_data_size";
    public static final String BINARY_DATA = "binary_data";

    /** Tensor data is mostly decimals: the fast parser reads them several times faster than the JDK's. */
    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

    private RequestReader() {}

    /** @param headerLength the {@value #HEADER_LENGTH} header's value, if the request has one */
    public static InferenceRequest read(byte[] body, Optional<String> headerLength) {
        int jsonLength = headerLength.map(text -> jsonLength(text, body.length)).orElse(body.length);
        ByteBuffer binary = ByteBuffer.wrap(body, jsonLength, body.length - jsonLength).slice();
        try (JsonParser parser = JSON.createParser(body, 0, jsonLength)) {
            return readRequest(parser, binary);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new InvalidRequestException("the body is not valid JSON" + (at == null ? "" : " (line " + at.getLineNr() + ", column "
                    + at.getColumnNr() + ")") + ": " + e.getOriginalMessage().replaceAll("\\[Source: [^;]*; ", "["));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a byte array does no I/O
        }
    }

    private static int jsonLength(String text, int bodyLength) {
        try {
            int length = Integer.parseInt(text.strip());
            if (length >= 0 && length <= bodyLength) {
                return length;
            }
        } catch (NumberFormatException e) {
            // refused below, naming the value
        }
        throw new InvalidRequestException(HEADER_LENGTH + ": must be a byte count from 0 to the body's " + bodyLength + " (got '" + text + "')");
    }

    private static InferenceRequest readRequest(JsonParser parser, ByteBuffer binary) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new InvalidRequestException("the body must be a JSON object (an inference request)");
        }
        Optional<String> id = Optional.empty();
        Map<String, Object> parameters = Map.of();
        List<PartialInput> inputs = null;
        List<RequestedOutput> outputs = List.of();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "id" -> {
                    if (value != JsonToken.VALUE_STRING) {
                        throw new InvalidRequestException("id: must be a string (got " + parser.getText() + ")");
                    }
                    id = Optional.of(parser.getText());
                }
                case "parameters" -> parameters = readParameters(parser, "parameters");
                case "inputs" -> inputs = readArray(parser, "inputs", RequestReader::readInput);
                case "outputs" -> outputs = readArray(parser, "outputs", RequestReader::readOutput);
                default -> parser.skipChildren();
            }
        }
        if (parser.nextToken() != null) {
            throw new InvalidRequestException("the body has more after the request's JSON object; with binary data, send " + HEADER_LENGTH);
        }
        if (inputs == null) {
            throw new InvalidRequestException("inputs: missing; an inference request lists its input tensors");
        }
        return new InferenceRequest(id, parameters, withBinaryData(inputs, binary), outputs);
    }

    /** An input as read from JSON: its data may be in the binary part, {@code binarySize} bytes of it. */
    private record PartialInput(RequestInput input, Optional<Long> binarySize) {}

    /** Each input that names a {@value #BINARY_DATA_SIZE} takes that many bytes of the binary part, in order; all of it is taken. */
    private static List<RequestInput> withBinaryData(List<PartialInput> inputs, ByteBuffer binary) {
        List<RequestInput> complete = new ArrayList<>(inputs.size());
        int offset = 0;
        for (PartialInput partial : inputs) {
            RequestInput input = partial.input();
            if (partial.binarySize().isEmpty()) {
                complete.add(input);
                continue;
            }
            long size = partial.binarySize().get();
            if (size > binary.limit() - offset) {
                throw new InvalidRequestException("input '" + input.name() + "'.parameters." + BINARY_DATA_SIZE + ": " + size + " bytes, but "
                        + (binary.limit() == 0 ? "the body has no binary part (is " + HEADER_LENGTH + " set?)"
                        : "only " + (binary.limit() - offset) + " of the binary part are left"));
            }
            complete.add(new RequestInput(input.name(), input.shape(), input.datatype(), input.parameters(),
                    new RequestInput.Binary(binary.slice(offset, (int) size))));
            offset += (int) size;
        }
        if (offset != binary.limit()) {
            throw new InvalidRequestException("the body's binary part has " + binary.limit() + " bytes, but the inputs' "
                    + BINARY_DATA_SIZE + " add up to " + offset);
        }
        return complete;
    }

    @FunctionalInterface
    private interface ElementReader<T> {
        T read(JsonParser parser, String path) throws IOException;
    }

    private static <T> List<T> readArray(JsonParser parser, String field, ElementReader<T> element) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw new InvalidRequestException(field + ": must be an array (got " + parser.getText() + ")");
        }
        List<T> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            items.add(element.read(parser, field + "[" + items.size() + "]"));
        }
        return items;
    }

    private static PartialInput readInput(JsonParser parser, String path) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw new InvalidRequestException(path + ": must be an object (got " + parser.getText() + ")");
        }
        String name = null;
        List<Long> shape = null;
        String datatype = null;
        Map<String, Object> parameters = Map.of();
        JsonElements data = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            String label = name == null ? path : "input '" + name + "'";
            switch (field) {
                case "name" -> name = string(parser, value, path + ".name");
                case "datatype" -> datatype = string(parser, value, label + ".datatype");
                case "shape" -> shape = readShape(parser, label + ".shape");
                case "parameters" -> parameters = readParameters(parser, label + ".parameters");
                case "data" -> data = readData(parser, label + ".data");
                default -> parser.skipChildren();
            }
        }
        if (name == null) {
            throw new InvalidRequestException(path + ".name: missing");
        }
        String label = "input '" + name + "'";
        if (shape == null) {
            throw new InvalidRequestException(label + ".shape: missing");
        }
        if (datatype == null) {
            throw new InvalidRequestException(label + ".datatype: missing");
        }
        DataType type;
        try {
            type = DataType.parse(datatype);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(label + ".datatype: " + e.getMessage());
        }
        Optional<Long> binarySize = binarySize(parameters, label);
        if (binarySize.isPresent() == (data != null)) {
            throw new InvalidRequestException(label + ": give either data or the " + BINARY_DATA_SIZE + " parameter"
                    + (data == null ? " (neither is there)" : ", not both"));
        }
        RequestInput.Data elements = data != null ? new RequestInput.Json(data) : new RequestInput.Binary(ByteBuffer.allocate(0));
        return new PartialInput(new RequestInput(name, shape, type, parameters, elements), binarySize);
    }

    private static RequestedOutput readOutput(JsonParser parser, String path) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw new InvalidRequestException(path + ": must be an object (got " + parser.getText() + ")");
        }
        String name = null;
        Map<String, Object> parameters = Map.of();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "name" -> name = string(parser, value, path + ".name");
                case "parameters" -> parameters = readParameters(parser, path + ".parameters");
                default -> parser.skipChildren();
            }
        }
        if (name == null) {
            throw new InvalidRequestException(path + ".name: missing");
        }
        Object binary = parameters.get(BINARY_DATA);
        if (binary != null && !(binary instanceof Boolean)) {
            throw new InvalidRequestException("output '" + name + "'.parameters." + BINARY_DATA + ": must be true or false (got " + binary + ")");
        }
        return new RequestedOutput(name, Optional.ofNullable((Boolean) binary));
    }

    private static String string(JsonParser parser, JsonToken value, String path) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            throw new InvalidRequestException(path + ": must be a string (got " + parser.getText() + ")");
        }
        return parser.getText();
    }

    private static List<Long> readShape(JsonParser parser, String path) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw new InvalidRequestException(path + ": must be an array of sizes (got " + parser.getText() + ")");
        }
        List<Long> shape = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    || parser.getLongValue() < 0) {
                throw new InvalidRequestException(path + ": dimensions are integers >= 0 (got " + parser.getText() + ")");
            }
            shape.add(parser.getLongValue());
        }
        return shape;
    }

    /** {@code $parameters}: each value a string, a number or a boolean. */
    private static Map<String, Object> readParameters(JsonParser parser, String path) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw new InvalidRequestException(path + ": must be an object (got " + parser.getText() + ")");
        }
        Map<String, Object> parameters = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            parameters.put(key, switch (parser.nextToken()) {
                case VALUE_STRING -> parser.getText();
                case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? (Object) parser.getDoubleValue()
                        : (Object) parser.getLongValue();
                case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
                case VALUE_TRUE -> true;
                case VALUE_FALSE -> false;
                default -> throw new InvalidRequestException(path + "." + key + ": must be a string, a number or a boolean (got "
                        + parser.getText() + ")");
            });
        }
        return parameters;
    }

    private static JsonElements readData(JsonParser parser, String path) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw new InvalidRequestException(path + ": must be an array, flat or nested (got " + parser.getText() + ")");
        }
        JsonElements elements = new JsonElements();
        int depth = 1;
        while (depth > 0) {
            JsonToken token = parser.nextToken();
            switch (token) {
                case START_ARRAY -> depth++;
                case END_ARRAY -> depth--;
                case VALUE_NUMBER_INT -> addInteger(parser, elements, path);
                case VALUE_NUMBER_FLOAT -> elements.addDecimal(parser.getDoubleValue());
                case VALUE_TRUE -> elements.addBoolean(true);
                case VALUE_FALSE -> elements.addBoolean(false);
                case VALUE_STRING -> throw new InvalidRequestException(path + ": element " + elements.size() + " is a string ("
                        + abbreviate(parser.getText()) + "); BYTES tensors are not served, only numbers and booleans");
                case null -> throw new InvalidRequestException(path + ": the body ends inside the data");
                default -> throw new InvalidRequestException(path + ": element " + elements.size() + " is " + parser.getText()
                        + "; elements are numbers or booleans, in arrays");
            }
        }
        return elements;
    }

    private static void addInteger(JsonParser parser, JsonElements elements, String path) throws IOException {
        if (parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            elements.addInteger(parser.getLongValue());
            return;
        }
        BigInteger big = parser.getBigIntegerValue();
        if (big.signum() < 0 || big.compareTo(TWO_TO_64) >= 0) {
            throw new InvalidRequestException(path + ": element " + elements.size() + " (" + big + ") is beyond every integer datatype");
        }
        elements.addUnsignedAboveLong(big.longValue());
    }

    private static Optional<Long> binarySize(Map<String, Object> parameters, String label) {
        Object size = parameters.get(BINARY_DATA_SIZE);
        if (size == null) {
            return Optional.empty();
        }
        if (!(size instanceof Long bytes) || bytes < 0) {
            throw new InvalidRequestException(label + ".parameters." + BINARY_DATA_SIZE + ": must be a byte count >= 0 (got " + size + ")");
        }
        return Optional.of(bytes);
    }

    private static String abbreviate(String text) {
        return text.length() <= 20 ? "'" + text + "'" : "'" + text.substring(0, 20) + "…'";
    }
}
