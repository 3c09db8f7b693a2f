package dev.lepton.api.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.stream.Collectors;

/**
 * The one Jackson configuration of the wire format: unknown fields are errors (a typo in a spec
 * must not be silently ignored), nulls are left out, times are ISO-8601.
 */
public final class Codec {
    public static final ObjectMapper JSON = configure(JsonMapper.builder().build());
    public static final ObjectMapper YAML = configure(new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)));

    private Codec() {}

    private static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    public static String toJson(Object value) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] toJsonBytes(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String toYaml(Object value) {
        try {
            return YAML.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads JSON or YAML (JSON is YAML), reporting a bad document as {@link WireFormatException}. */
    public static <T> T read(byte[] body, Class<T> type) {
        try {
            return YAML.readValue(body, type);
        } catch (IOException e) {
            throw new WireFormatException(describe(e), e);
        }
    }

    public static <T> T readJson(byte[] body, Class<T> type) {
        try {
            return JSON.readValue(body, type);
        } catch (IOException e) {
            throw new WireFormatException(describe(e), e);
        }
    }

    public static JsonNode readTree(byte[] body) {
        try {
            return YAML.readTree(body);
        } catch (IOException e) {
            throw new WireFormatException(describe(e), e);
        }
    }

    /** One line that names the field at fault, e.g. {@code spec.workers: expected an integer, got "two"}. */
    static String describe(IOException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return path(u) + ": unknown field (known: " + u.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", ")) + ")";
        }
        if (e instanceof InvalidFormatException f) {
            return path(f) + ": expected " + simpleType(f.getTargetType()) + ", got " + f.getValue();
        }
        if (e instanceof MismatchedInputException m) {
            return path(m) + ": expected " + simpleType(m.getTargetType());
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return "malformed document: " + message.lines().findFirst().orElse("");
    }

    private static String path(MismatchedInputException e) {
        String path = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return path.isEmpty() ? "document" : path;
    }

    private static String simpleType(Class<?> type) {
        if (type == null) {
            return "a different value";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "a " + type.getSimpleName();
    }
}
