package dev.lepton.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lepton.api.codec.Codec;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The security probe as part of the build: for every operation in the OpenAPI document, malformed
 * variants generated from the document itself (hostile path and query values, wrong-typed and
 * hostile bodies), sent as the admin over real HTTP. No answer is a 5xx, none names a Java class,
 * and after each route's variants the server still answers.
 */
class GeneratedProbeTest {
    /** At most this many variants per operation, taken evenly from each kind of variant. */
    private static final int MAX_VARIANTS_PER_ROUTE = 40;
    /** Java's names for things, which a user should never have to read. */
    private static final Pattern JAVA_NAMES =
            Pattern.compile("\\b(java|javax|jakarta|dev\\.lepton|com\\.fasterxml|org\\.eclipse)\\.[a-zA-Z_.]+|Exception");
    /** A path parameter value that exists nowhere, for variants that probe something else. */
    private static final String ABSENT = "probe-absent";
    /** Stands in a generated body for a raw JSON number that Jackson cannot hold (1e400). */
    private static final String RAW = "@@raw@@";

    private static final List<String> HOSTILE = List.of(
            " ", "..%2F..%2Fetc%2Fpasswd", "a".repeat(10_000), "%00", "%01%07%1B%7F%C2%85%E2%80%AE",
            "-1", "99999999999999999999");

    @TempDir
    Path home;

    record Variant(String label, String method, String path, Map<String, String> headers, Optional<String> contentType,
            Optional<String> body) {}

    record Operation(String method, String path, JsonNode operation) {
        String route() {
            return method + " " + path;
        }

        boolean destructive() {
            return !method.equals("GET") && !method.equals("HEAD");
        }
    }

    @Test
    void no_generated_malformed_request_is_a_5xx_or_names_a_java_class() throws Exception {
        JsonNode document;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("dev/lepton/api/openapi.json")) {
            document = Codec.readTree(in.readAllBytes());
        }
        List<String> failures = new ArrayList<>();
        int total = 0;
        int routes = 0;
        HttpClient http = newClient();
        try (TestServer server = TestServer.start(home)) {
            String token = server.adminToken();
            for (Operation operation : operations(document)) {
                List<Variant> variants = variants(document, operation);
                int sent = 0;
                for (Variant variant : variants) {
                    Optional<HttpRequest> request = request(server, token, variant);
                    if (request.isEmpty()) {
                        continue; // a value java.net.http refuses to send (a header with a control character)
                    }
                    sent++;
                    String where = operation.route() + " [" + variant.label() + "]";
                    try {
                        HttpResponse<String> response = http.send(request.get(), HttpResponse.BodyHandlers.ofString());
                        // Even what Jetty refuses before any route (a request line it cannot read) is a problem.
                        if (response.statusCode() >= 400
                                && !response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
                            failures.add(where + ": " + response.statusCode() + " is not application/problem+json: " + abbreviate(response.body()));
                        }
                        if (response.statusCode() >= 500) {
                            failures.add(where + ": status " + response.statusCode() + " " + abbreviate(response.body()));
                        }
                        var leak = JAVA_NAMES.matcher(response.body());
                        if (leak.find()) {
                            failures.add(where + ": names '" + leak.group() + "' in " + abbreviate(response.body()));
                        }
                    } catch (IOException e) {
                        failures.add(where + ": no answer (" + e + ")");
                    }
                }
                int ready = stillAnswers(server, token, http);
                if (ready != 200) {
                    failures.add(operation.route() + ": afterwards GET /api/v1/jobs answers " + ready);
                }
                System.out.printf("probe: %s %d requests%n", operation.route(), sent);
                total += sent;
                routes++;
            }
        } finally {
            http.close();
        }
        System.out.printf("probe: %d routes, %d requests in total%n", routes, total);
        assertThat(failures).as("malformed requests answered badly").isEmpty();
    }

    /**
     * HTTP/1.1, where the server's answers to hostile requests are what is probed. The JDK's client otherwise asks to upgrade
     * each request to h2c, and a request line over Jetty's 8 KiB limit then ends in an EOF at the client where HTTP/1.1 gets
     * its 414 (curl's upgrade gets the 414; under HTTP/2 an oversized header block is refused at the protocol level).
     */
    private static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static List<Operation> operations(JsonNode document) {
        List<Operation> operations = new ArrayList<>();
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(method -> {
            if (!method.getKey().equals("parameters")) {
                operations.add(new Operation(method.getKey().toUpperCase(Locale.ROOT), path.getKey(), method.getValue()));
            }
        }));
        return operations;
    }

    /** The variants for one operation, each kind in its own group, interleaved up to the cap. */
    private static List<Variant> variants(JsonNode document, Operation operation) {
        List<JsonNode> parameters = new ArrayList<>();
        operation.operation().path("parameters").forEach(parameters::add);
        Map<String, String> absentPath = new LinkedHashMap<>();
        parameters.stream().filter(p -> p.path("in").asText().equals("path"))
                .forEach(p -> absentPath.put(p.get("name").asText(), ABSENT));
        Optional<String> bodyType = Optional.empty();
        JsonNode content = operation.operation().path("requestBody").path("content");
        if (content.isObject() && !content.isEmpty()) {
            bodyType = Optional.of(content.fieldNames().next());
        }
        // A refused body, for variants that probe a parameter of an operation that takes one.
        Optional<String> refused = bodyType.map(t -> "{}");

        List<List<Variant>> groups = new ArrayList<>();
        for (JsonNode parameter : parameters) {
            String name = parameter.get("name").asText();
            String in = parameter.path("in").asText();
            List<Variant> group = new ArrayList<>();
            for (String value : hostileValues(resolve(document, parameter.path("schema")))) {
                String label = in + " " + name + "=" + abbreviate(value);
                switch (in) {
                    case "path" -> {
                        Map<String, String> values = new LinkedHashMap<>(absentPath);
                        values.put(name, value);
                        group.add(new Variant(label, operation.method(), expand(operation.path(), values), Map.of(),
                                bodyType, refused));
                    }
                    case "query" -> group.add(new Variant(label, operation.method(),
                            expand(operation.path(), absentPath) + "?" + name + "=" + value, Map.of(), bodyType, refused));
                    case "header" -> group.add(new Variant(label, operation.method(), expand(operation.path(), absentPath),
                            Map.of(name, value), bodyType, refused));
                    default -> { }
                }
            }
            groups.add(group);
        }
        if (bodyType.isPresent()) {
            String target = expand(operation.path(), absentPath);
            String type = bodyType.get();
            JsonNode schema = resolve(document, content.get(type).path("schema"));
            List<Variant> bodies = new ArrayList<>();
            List<Variant> wrongTypes = new ArrayList<>();
            for (Map.Entry<String, String> body : hostileBodies(document, schema).entrySet()) {
                List<Variant> into = body.getKey().startsWith("wrong type") ? wrongTypes : bodies;
                into.add(new Variant(body.getKey(), operation.method(), target, Map.of(), bodyType, Optional.of(body.getValue())));
            }
            // The same bodies under every other content type the operation takes (YAML parses JSON too).
            content.fieldNames().forEachRemaining(other -> {
                if (!other.equals(type)) {
                    String deep = "[".repeat(200_000) + "]".repeat(200_000);
                    bodies.add(new Variant(other + " deep", operation.method(), target, Map.of(), Optional.of(other), Optional.of(deep)));
                    bodies.add(new Variant(other + " invalid", operation.method(), target, Map.of(), Optional.of(other),
                            Optional.of("{\"a\": [1, 2,\n  b: : ]\u0000")));
                }
            });
            groups.add(bodies);
            groups.add(wrongTypes);
        }
        if (bodyType.isEmpty()) {
            groups.add(List.of(new Variant("unexpected invalid body", operation.method(), expand(operation.path(), absentPath),
                    Map.of(), Optional.of("application/json"), Optional.of("{\"a\": [1, 2,\u0000"))));
        }
        if (!operation.destructive()) {
            groups.add(List.of(new Variant("as documented", operation.method(), expand(operation.path(), absentPath), Map.of(),
                    Optional.empty(), Optional.empty())));
        }
        return interleave(groups, MAX_VARIANTS_PER_ROUTE);
    }

    /** The hostile set, plus wrong types and out-of-range values for typed parameters. */
    private static List<String> hostileValues(JsonNode schema) {
        List<String> values = new ArrayList<>(HOSTILE);
        switch (schema.path("type").asText()) {
            case "integer", "number" -> values.addAll(List.of("abc", "1.5", "1e400", "-9223372036854775809", "true"));
            case "boolean" -> values.addAll(List.of("maybe", "2", "TRUE%00"));
            default -> { }
        }
        if (schema.has("enum")) {
            values.addAll(List.of("nope", "7"));
        }
        return values;
    }

    /** Bodies by label: hostile shapes, then a wrong type at each property of the schema (two levels). */
    private static Map<String, String> hostileBodies(JsonNode document, JsonNode schema) {
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("null", "null");
        bodies.put("[]", "[]");
        bodies.put("\"x\"", "\"x\"");
        bodies.put("{}", "{}");
        bodies.put("200000-deep array", "[".repeat(200_000) + "]".repeat(200_000));
        bodies.put("invalid JSON", "{\"metadata\": {\"name\": \"x\",}, spec: ");
        bodies.put("NUL in strings", filled(document, schema, 0, "string", JsonNodeFactory.instance.textNode("a\u0000b")));
        bodies.put("1e400", filled(document, schema, 0, "number", JsonNodeFactory.instance.textNode(RAW))
                .replace("\"" + RAW + "\"", "1e400"));
        bodies.put("-9223372036854775809", filled(document, schema, 0, "number", JsonNodeFactory.instance.textNode(RAW))
                .replace("\"" + RAW + "\"", "-9223372036854775809"));
        wrongTypes(document, schema, "", 0, bodies);
        return bodies;
    }

    private static void wrongTypes(JsonNode document, JsonNode schema, String prefix, int depth, Map<String, String> bodies) {
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            JsonNode propertySchema = resolve(document, property.getValue());
            String path = prefix + property.getKey();
            bodies.put("wrong type " + path, nest(path, wrongValue(propertySchema)).toString());
            if (depth == 0 && typeOf(propertySchema).equals("object")) {
                wrongTypes(document, propertySchema, path + ".", depth + 1, bodies);
            }
        }
    }

    /** A value of some other type than the schema says. */
    private static JsonNode wrongValue(JsonNode schema) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        return switch (typeOf(schema)) {
            case "object" -> json.textNode("x");
            case "array" -> json.objectNode().put("a", 1);
            case "string" -> json.numberNode(7);
            case "integer", "number" -> json.textNode("seven");
            case "boolean" -> json.arrayNode().add(1);
            default -> json.numberNode(7); // an enum or a const of strings
        };
    }

    /** An object with every property of the given type, to two levels, set to {@code value}. */
    private static String filled(JsonNode document, JsonNode schema, int depth, String type, JsonNode value) {
        return fill(document, schema, depth, type, value).toString();
    }

    private static ObjectNode fill(JsonNode document, JsonNode schema, int depth, String type, JsonNode value) {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            JsonNode propertySchema = resolve(document, property.getValue());
            String propertyType = typeOf(propertySchema);
            if (propertyType.equals(type) || (type.equals("number") && propertyType.equals("integer"))) {
                object.set(property.getKey(), value);
            } else if (propertyType.equals("object") && depth < 2) {
                object.set(property.getKey(), fill(document, propertySchema, depth + 1, type, value));
            } else if (propertyType.equals("array") && type.equals("string")
                    && typeOf(resolve(document, propertySchema.path("items"))).equals("string")) {
                object.set(property.getKey(), JsonNodeFactory.instance.arrayNode().add(value));
            }
        }
        return object;
    }

    private static JsonNode nest(String dotted, JsonNode value) {
        String[] keys = dotted.split("\\.");
        JsonNode node = value;
        for (int i = keys.length - 1; i >= 0; i--) {
            node = JsonNodeFactory.instance.objectNode().set(keys[i], node);
        }
        return node;
    }

    private static String typeOf(JsonNode schema) {
        if (schema.has("type")) {
            return schema.get("type").asText();
        }
        return schema.has("properties") ? "object" : "";
    }

    private static JsonNode resolve(JsonNode document, JsonNode schema) {
        JsonNode resolved = schema;
        while (resolved.has("$ref")) {
            String ref = resolved.get("$ref").asText();
            resolved = document.at(ref.substring(1));
        }
        return resolved;
    }

    private static String expand(String template, Map<String, String> values) {
        String path = template;
        for (Map.Entry<String, String> value : values.entrySet()) {
            path = path.replace("{" + value.getKey() + "}", value.getValue());
        }
        return path;
    }

    private static List<Variant> interleave(List<List<Variant>> groups, int max) {
        List<Variant> chosen = new ArrayList<>();
        for (int round = 0; chosen.size() < max; round++) {
            boolean any = false;
            for (List<Variant> group : groups) {
                if (round < group.size() && chosen.size() < max) {
                    chosen.add(group.get(round));
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        return chosen;
    }

    private static Optional<HttpRequest> request(TestServer server, String token, Variant variant) {
        try {
            // Values are already percent-encoded where they must be; a space still has to be.
            String path = variant.path().replace(" ", "%20");
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(server.server.url() + path))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token);
            variant.contentType().ifPresent(type -> builder.header("Content-Type", type));
            variant.headers().forEach(builder::header);
            builder.method(variant.method(), variant.body().map(HttpRequest.BodyPublishers::ofString)
                    .orElse(HttpRequest.BodyPublishers.noBody()));
            return Optional.of(builder.build());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static int stillAnswers(TestServer server, String token, HttpClient http) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(server.server.url() + "/api/v1/jobs"))
                    .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** At most 120 characters on one line, control characters shown as '?'. */
    private static String abbreviate(String text) {
        String shown = text.length() > 120 ? text.substring(0, 120) + "… (" + text.length() + " chars)" : text;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
