package dev.lepton.api.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Jackson's exceptions put into one line that names the field at fault and the value found there,
 * in the words of the wire format: never a Java type (a user writes YAML, not {@code java.lang.String}).
 */
final class Faults {
    private Faults() {}

    /**
     * E.g. {@code spec.resources.gpus: must be an integer (got 0.5)}. {@code document} is the whole
     * input as a tree, read again only now, to quote the value at fault (Jackson has let go of it).
     */
    static String describe(IOException e, Supplier<Optional<JsonNode>> document) {
        if (e instanceof UnrecognizedPropertyException u) {
            return path(u) + ": unknown field (known: " + u.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", ")) + ")";
        }
        if (e instanceof InvalidNullException n) {
            return path(n) + ": must not be null";
        }
        if (e instanceof InvalidFormatException f) {
            return path(f) + ": " + expected(f.getTargetType(), value(f, document).orElse(f.getValue()));
        }
        if (e instanceof MismatchedInputException m) {
            return path(m) + ": " + expected(m.getTargetType(), value(m, document).orElse(null));
        }
        if (e instanceof JsonMappingException j && j.getCause() instanceof InputCoercionException c) {
            return path(j) + ": must be an integer " + range(c) + " (got " + value(j, document).orElse("a number out of range") + ")";
        }
        if (e instanceof JsonMappingException j) {
            return path(j) + ": not a valid value" + value(j, document).map(v -> " (got " + v + ")").orElse("");
        }
        return malformed(e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage());
    }

    /** A parser's complaint, less any {@code (from `SomeClass.method()`)} aside. */
    private static String malformed(String message) {
        String line = message == null ? "" : message.lines().findFirst().orElse("");
        line = line.replaceAll("\\s*\\([^()]*`[^()]*\\)", "");
        return line.isBlank() || line.contains("`") ? "malformed document" : "malformed document: " + line;
    }

    /** The scalar at the exception's path: a string as itself, any other as its text; empty when it is no scalar. */
    private static Optional<Object> value(JsonMappingException e, Supplier<Optional<JsonNode>> document) {
        Optional<JsonNode> node = document.get();
        for (JsonMappingException.Reference step : e.getPath()) {
            node = node.map(n -> step.getFieldName() != null ? n.get(step.getFieldName()) : n.get(step.getIndex()));
        }
        return node.filter(JsonNode::isValueNode).filter(n -> !n.isNull())
                .map(n -> n.isTextual() ? n.textValue() : new Verbatim(n.asText()));
    }

    /** What the field takes, and what it got when Jackson kept the value. */
    private static String expected(Class<?> type, Object value) {
        String kind = kind(type);
        if (value == null) {
            return "expected " + kind;
        }
        boolean quoted = value instanceof String;
        String must = type == Boolean.class || type == boolean.class ? "must be true or false" : "must be " + kind;
        String got = quoted ? "'" + value + "'" : String.valueOf(value);
        return must + (quoted && looksLikeTheType(type, (String) value) ? ", not a string" : "") + " (got " + got + ")";
    }

    /** {@code "2"} for an integer, {@code "false"} for a boolean: right value, wrong spelling. */
    private static boolean looksLikeTheType(Class<?> type, String text) {
        if (isInteger(type)) {
            return text.strip().matches("-?\\d+");
        }
        if (type == Boolean.class || type == boolean.class) {
            return text.strip().equals("true") || text.strip().equals("false");
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
            return text.strip().matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
        }
        return false;
    }

    /** A non-string value printed as written. */
    private record Verbatim(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    private static String range(InputCoercionException e) {
        return e.getTargetType() == Long.TYPE ? "from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE
                : "from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
    }

    private static String path(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return path.isEmpty() ? "document" : path;
    }

    private static boolean isInteger(Class<?> type) {
        return type == Integer.class || type == int.class || type == Long.class || type == long.class || type == BigInteger.class;
    }

    private static String kind(Class<?> type) {
        if (type == null) {
            return "a different value";
        }
        if (isInteger(type)) {
            return "an integer";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        if (type == Instant.class) {
            return "a time such as 2026-01-31T12:00:00Z";
        }
        return "a different value";
    }
}
