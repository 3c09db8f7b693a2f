package dev.lepton.api.v1;

import java.time.Instant;
import java.util.Map;

/** Identity of an object. {@code name} and {@code project} come from the user; the rest from the server. */
public record ObjectMeta(String name, String project, Map<String, String> labels, String uid, Long resourceVersion, Instant createdAt) {
    public ObjectMeta {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public static ObjectMeta named(String name, String project) {
        return new ObjectMeta(name, project, Map.of(), null, null, null);
    }
}
