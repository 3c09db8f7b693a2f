package dev.lepton.sim;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.lepton.core.energy.PowerRange;
import dev.lepton.core.resource.Accelerators;
import dev.lepton.core.resource.Quantities;
import dev.lepton.sim.trace.TraceFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Reads a cluster file: {@code nodes:} a list of node groups, each
 * {@code {count: 16, gpus: 4, gpuModel: T4, cpu: 48, memory: 192GiB}}. Defaults: {@code count} 1,
 * {@code gpus} 8, {@code accelerator} {@code nvidia.com/gpu} (the resource the group's devices are, as a job
 * asks for them: {@code amd.com/gpu}, {@code google.com/tpu}, …), {@code gpuModel} {@code generic}, {@code cpu} 64,
 * {@code memory} 512GiB. Optional, for
 * energy and cost: {@code idleWatts} and {@code maxWatts} (one GPU of the group, given together; else the
 * known-hardware table by {@code gpuModel}) and {@code pricePerHour} (one node, in dollars). Unknown keys are
 * errors, so that a typo does not silently fall back to a default.
 */
public final class ClusterFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> KEYS = Set.of("count", "gpus", "accelerator", "gpuModel", "cpu", "memory", "idleWatts", "maxWatts", "pricePerHour");

    private ClusterFile() {}

    public static ClusterSpec load(Path path) {
        String file = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        try {
            byte[] bytes = Files.readAllBytes(path);
            return parse(new Where(file, lines(bytes)), YAML.readTree(bytes));
        } catch (NoSuchFileException e) {
            throw new TraceFormatException(file + ": no such file");
        } catch (JacksonException e) {
            throw new TraceFormatException(file + ":" + e.getLocation().getLineNr() + ": not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new TraceFormatException(file + ": cannot read: " + e.getMessage());
        }
    }

    /** The line on which each value starts, by its JSON pointer ({@code /nodes/0/gpus}). */
    private static Map<String, Integer> lines(byte[] bytes) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = YAML.getFactory().createParser(bytes)) {
            while (parser.nextToken() != null) {
                lines.putIfAbsent(parser.getParsingContext().pathAsPointer().toString(), parser.currentTokenLocation().getLineNr());
            }
        }
        return lines;
    }

    /** Names a place in the file: {@code cluster.yaml:3: nodes[0].gpus}. */
    private record Where(String file, Map<String, Integer> lines) {
        String at(String pointer, String field) {
            Integer line = lines.get(pointer);
            return file + (line == null ? "" : ":" + line) + ": " + field;
        }
    }

    private static ClusterSpec parse(Where where, JsonNode root) {
        if (root == null || !root.isObject() || !root.has("nodes")) {
            throw new TraceFormatException(where.at("", "nodes") + ": missing; write nodes: [{count: 16, gpus: 4, gpuModel: T4}]");
        }
        JsonNode nodes = root.get("nodes");
        if (!nodes.isArray() || nodes.isEmpty()) {
            throw new TraceFormatException(where.at("/nodes", "nodes") + ": must be a non-empty list of node groups");
        }
        List<ClusterSpec.NodeGroup> groups = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            groups.add(group(where, i, nodes.get(i)));
        }
        return new ClusterSpec(groups);
    }

    private static ClusterSpec.NodeGroup group(Where where, int index, JsonNode node) {
        Field field = key -> where.at("/nodes/" + index + (key.isEmpty() ? "" : "/" + key), "nodes[" + index + "]" + (key.isEmpty() ? "" : "." + key));
        if (!node.isObject()) {
            throw new TraceFormatException(field.at("") + ": must be a mapping such as {count: 16, gpus: 4}");
        }
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!KEYS.contains(key)) {
                throw new TraceFormatException(field.at(key) + ": unknown field; known: count, gpus, accelerator, gpuModel, cpu, memory, idleWatts, maxWatts, pricePerHour");
            }
        }
        int count = whole(field, node, "count", 1, 1);
        int gpus = whole(field, node, "gpus", 8, 0);
        if (gpus > 64) {
            throw new TraceFormatException(field.at("gpus") + ": at most 64 GPUs per node, got " + gpus);
        }
        String accelerator = accelerator(field, node);
        String model = node.has("gpuModel") ? node.get("gpuModel").asText() : "generic";
        long cpu = quantity(field, node, "cpu", "64", true);
        long memory = quantity(field, node, "memory", "512GiB", false);
        return new ClusterSpec.NodeGroup(count, gpus, accelerator, model, cpu, memory, power(field, node), number(field, node, "pricePerHour"));
    }

    private static String accelerator(Field field, JsonNode node) {
        if (!node.has("accelerator")) {
            return Accelerators.NVIDIA_GPU;
        }
        JsonNode value = node.get("accelerator");
        if (!value.isTextual() || !Accelerators.isValidName(value.asText())) {
            throw new TraceFormatException(field.at("accelerator") + ": " + Accelerators.NAME_RULE + ", got '" + value.asText() + "'");
        }
        return value.asText();
    }

    private static Optional<PowerRange> power(Field field, JsonNode node) {
        OptionalDouble idle = number(field, node, "idleWatts");
        OptionalDouble max = number(field, node, "maxWatts");
        if (idle.isPresent() != max.isPresent()) {
            String missing = idle.isPresent() ? "maxWatts" : "idleWatts";
            throw new TraceFormatException(field.at(idle.isPresent() ? "idleWatts" : "maxWatts") + ": give " + missing
                    + " too: one GPU's power is modelled from idle to max");
        }
        if (idle.isEmpty()) {
            return Optional.empty();
        }
        if (idle.getAsDouble() > max.getAsDouble()) {
            throw new TraceFormatException(field.at("idleWatts") + ": " + idle.getAsDouble() + " W is above maxWatts " + max.getAsDouble() + " W");
        }
        return Optional.of(new PowerRange(idle.getAsDouble(), max.getAsDouble()));
    }

    private static OptionalDouble number(Field field, JsonNode node, String key) {
        if (!node.has(key)) {
            return OptionalDouble.empty();
        }
        JsonNode value = node.get(key);
        if (!value.isNumber() || !Double.isFinite(value.asDouble()) || value.asDouble() < 0) {
            throw new TraceFormatException(field.at(key) + ": must be a number >= 0, got '" + value.asText() + "'");
        }
        return OptionalDouble.of(value.asDouble());
    }

    /** A key of one node group, named with its line. */
    @FunctionalInterface
    private interface Field {
        String at(String key);
    }

    private static int whole(Field field, JsonNode node, String key, int fallback, int min) {
        if (!node.has(key)) {
            return fallback;
        }
        JsonNode value = node.get(key);
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < min) {
            throw new TraceFormatException(field.at(key) + ": must be a whole number >= " + min + ", got '" + value.asText() + "'");
        }
        return value.asInt();
    }

    private static long quantity(Field field, JsonNode node, String key, String fallback, boolean cpu) {
        String text = node.has(key) ? node.get(key).asText() : fallback;
        try {
            return cpu ? Quantities.parseCpu(text) : Quantities.parseBytes(text);
        } catch (IllegalArgumentException e) {
            throw new TraceFormatException(field.at(key) + ": " + e.getMessage() + " (got '" + text + "')");
        }
    }
}
