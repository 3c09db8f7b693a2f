package dev.lepton.api.v1;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.lepton.api.codec.StrictString;
import java.time.Instant;
import java.util.Map;

/**
 * Identity of an object. {@code name} and {@code project} come from the user, written as strings (a
 * number or boolean there is refused, not read as its text); the rest from the server.
 */
public record ObjectMeta(@JsonDeserialize(using = StrictString.class) String name,
                         @JsonDeserialize(using = StrictString.class) String project,
                         Map<String, String> labels, String uid, Long resourceVersion, Instant createdAt) {
    public ObjectMeta {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public static ObjectMeta named(String name, String project) {
        return new ObjectMeta(name, project, Map.of(), null, null, null);
    }
}
