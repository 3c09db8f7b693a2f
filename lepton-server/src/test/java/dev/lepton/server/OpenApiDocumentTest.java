package dev.lepton.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lepton.api.codec.Codec;
import dev.lepton.server.http.SystemRoutes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API document and the server agree: every route is documented, every documented route exists. */
class OpenApiDocumentTest {
    @TempDir
    Path home;

    @Test
    void every_route_is_in_the_openapi_document_and_nothing_else_is() {
        JsonNode doc = Codec.readTree(SystemRoutes.openApiDocument());
        List<String> documented = new ArrayList<>();
        doc.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));

        try (TestServer server = TestServer.start(home)) {
            List<String> registered = server.server.routes().stream().map(r -> r.method() + " " + r.path()).toList();
            assertThat(documented).containsExactlyInAnyOrderElementsOf(registered);
            assertThat(server.http("/api/v1/openapi.json")).isEqualTo(200);
        }
    }
}
