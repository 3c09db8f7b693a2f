package dev.lepton.api.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The one Jackson configuration of the wire format: unknown fields are errors (a typo in a spec
 * must not be silently ignored), integers, numbers and booleans are read only as written (never
 * truncated or parsed from strings), a null inside a list or map is an error, nulls are left out,
 * times are ISO-8601.
 */
public final class Codec {
    // Trailing text after a JSON document is refused, as YAML's parser refuses it.
    public static final ObjectMapper JSON = configure(JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build());
    public static final ObjectMapper YAML = configure(new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)));

    private Codec() {}

    private static ObjectMapper configure(ObjectMapper mapper) {
        mapper.registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL)
                // [null] or {cpu: null} would reach the server's checks as a hole they trip over: refuse it here, naming the entry.
                .setDefaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL));
        // Jackson would truncate 0.5 to 0 and read "2" as 2: an integer, a number or a boolean is
        // taken only as written. (A number where a string is meant stays welcome: cpu: 2, nominal: {cpu: 4}.)
        for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return mapper;
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

    /**
     * Reads JSON or YAML, reporting a bad document as {@link WireFormatException}. JSON is YAML, but
     * YAML's parser takes several times as long over it, and every API request body is JSON: a
     * document that opens as JSON does is read as JSON, and as YAML only if it is not JSON after all
     * (YAML's flow style, {@code {kind: Job}}, opens the same way).
     */
    public static <T> T read(byte[] body, Class<T> type) {
        if (opensAsJson(body)) {
            try {
                return JSON.readValue(body, type);
            } catch (StreamReadException notJson) {
                // Read it as YAML below; if it is neither, YAML's message says where.
            } catch (IOException e) {
                throw new WireFormatException(Faults.describe(e, () -> tree(JSON, body)), e);
            }
        }
        try {
            return YAML.readValue(body, type);
        } catch (IOException e) {
            throw new WireFormatException(Faults.describe(e, () -> tree(YAML, body)), e);
        }
    }

    public static <T> T readJson(byte[] body, Class<T> type) {
        try {
            return JSON.readValue(body, type);
        } catch (IOException e) {
            throw new WireFormatException(Faults.describe(e, () -> tree(JSON, body)), e);
        }
    }

    public static JsonNode readTree(byte[] body) {
        try {
            return YAML.readTree(body);
        } catch (IOException e) {
            throw new WireFormatException(Faults.describe(e, Optional::empty), e);
        }
    }

    private static boolean opensAsJson(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return b == '{' || b == '[';
            }
        }
        return false;
    }

    /** The document as a tree, to quote a value at fault; empty if it is no document at all. */
    private static Optional<JsonNode> tree(ObjectMapper mapper, byte[] body) {
        try {
            return Optional.ofNullable(mapper.readTree(body));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
