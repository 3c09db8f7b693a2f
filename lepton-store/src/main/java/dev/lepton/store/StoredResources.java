package dev.lepton.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.lepton.core.resource.Accelerators;
import dev.lepton.core.resource.Resources;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How {@link Resources} are kept in JSON columns (a job's spec, a node):
 * {@code {"cpuMillis":…,"memoryBytes":…,"gpus":N,"accelerators":{"amd.com/gpu":2}}}. {@code gpus} is the
 * NVIDIA GPUs, as every row written before accelerators had names holds them, so such a row still reads and
 * a Lepton rolled back to before names still reads a newer row's NVIDIA GPUs. {@code accelerators}, when
 * present, holds every accelerator by name (NVIDIA's too) and is what a reader believes.
 */
final class StoredResources {
    private StoredResources() {}

    static SimpleModule module() {
        SimpleModule module = new SimpleModule("lepton-resources");
        module.addSerializer(Resources.class, new Writer());
        module.addDeserializer(Resources.class, new Reader());
        return module;
    }

    private static final class Writer extends JsonSerializer<Resources> {
        @Override
        public void serialize(Resources value, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeStartObject();
            out.writeNumberField("cpuMillis", value.cpuMillis());
            out.writeNumberField("memoryBytes", value.memoryBytes());
            out.writeNumberField("gpus", value.accelerator(Accelerators.NVIDIA_GPU));
            if (!value.accelerators().isEmpty()) {
                out.writeObjectFieldStart("accelerators");
                for (int i = 0; i < value.accelerators().size(); i++) {
                    out.writeNumberField(value.accelerators().name(i), value.accelerators().count(i));
                }
                out.writeEndObject();
            }
            out.writeEndObject();
        }
    }

    private static final class Reader extends JsonDeserializer<Resources> {
        @Override
        public Resources deserialize(JsonParser in, DeserializationContext context) throws IOException {
            JsonNode node = in.readValueAsTree();
            long cpu = node.path("cpuMillis").asLong();
            long memory = node.path("memoryBytes").asLong();
            JsonNode named = node.get("accelerators");
            if (named == null || !named.isObject()) {
                return new Resources(cpu, memory, node.path("gpus").asInt());
            }
            Map<String, Integer> counts = new LinkedHashMap<>();
            named.properties().forEach(e -> counts.put(e.getKey(), e.getValue().asInt()));
            return new Resources(cpu, memory, Accelerators.of(counts));
        }
    }
}
