package dev.lepton.serving.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.stream.IntStream;

/** A plain HTTP client for the protocol's endpoints, as a user's client would call them. */
public final class OipClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI base;

    public OipClient(URI base) {
        this.base = base;
    }

    /** A response: its status, its body, and the body as JSON where it is JSON. */
    public record Response(int status, byte[] body, HttpResponse<byte[]> raw) {
        public JsonNode json() {
            return json(body.length);
        }

        /** The JSON part of a body with binary data after it. */
        public JsonNode json(int length) {
            try {
                return JSON.readTree(body, 0, length);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + new String(body, 0, Math.min(length, 300)), e);
            }
        }

        public Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }

        /** The floats of a JSON output's data. */
        public float[] floats(String output) {
            JsonNode data = outputNamed(output).get("data");
            float[] values = new float[data.size()];
            IntStream.range(0, data.size()).forEach(i -> values[i] = (float) data.get(i).asDouble());
            return values;
        }

        public JsonNode outputNamed(String output) {
            for (JsonNode node : json().get("outputs")) {
                if (node.get("name").asText().equals(output)) {
                    return node;
                }
            }
            throw new AssertionError("no output '" + output + "' in " + json());
        }
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET().build());
    }

    public Response post(String path, String json) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public Response postBinary(String path, byte[] body, int jsonLength) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/octet-stream")
                .header("Inference-Header-Content-Length", Integer.toString(jsonLength)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An inference request body with one FP32 input given flat. */
    public static String floatRequest(String input, java.util.List<Long> shape, float[] data) {
        StringBuilder json = new StringBuilder("{\"inputs\": [{\"name\": \"").append(input).append("\", \"datatype\": \"FP32\", \"shape\": ")
                .append(shape).append(", \"data\": [");
        for (int i = 0; i < data.length; i++) {
            json.append(i == 0 ? "" : ",").append(data[i]);
        }
        return json.append("]}]}").toString();
    }
}
