package dev.lepton.cli.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.lepton.api.codec.Codec;
import java.util.Map;
import java.util.Optional;

/**
 * Whether an object on the server is the one a file describes. Only the fields the file sets are
 * compared: the server fills in defaults for the rest, and those must not count as changes.
 */
final class SpecMatch {
    private SpecMatch() {}

    /** The first field the file sets to something else than the server has, e.g. {@code spec.workers: file 2, server 1}. */
    static Optional<String> firstDifference(String root, Object wanted, Object actual) {
        return difference(root, Codec.JSON.valueToTree(wanted), actual == null ? MissingNode.getInstance()
                : Codec.JSON.valueToTree(actual));
    }

    private static Optional<String> difference(String path, JsonNode wanted, JsonNode actual) {
        if (wanted == null || wanted.isNull() || wanted.isMissingNode()) {
            return Optional.empty();
        }
        if (wanted.isObject() && actual.isObject()) {
            for (Map.Entry<String, JsonNode> field : wanted.properties()) {
                Optional<String> found = difference(path + "." + field.getKey(), field.getValue(), actual.path(field.getKey()));
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        }
        if (wanted.equals(actual)) {
            return Optional.empty();
        }
        return Optional.of(path + ": the file has " + text(wanted) + ", the server has " + text(actual));
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? "nothing" : node.toString();
    }
}
