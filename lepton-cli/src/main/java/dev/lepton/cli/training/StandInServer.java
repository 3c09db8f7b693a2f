package dev.lepton.cli.training;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A server on a free loopback port that answers the CLI's requests with documents recorded from a
 * real server ({@code src/main/resources/dev/lepton/cli/training}): a job, its events and
 * placement, nodes, queues, cohorts, the caller, tokens and users. A job named {@value #MISSING}
 * is not found, as a refused request's path is part of what runs every day too.
 */
final class StandInServer implements AutoCloseable {
    static final String MISSING = "missing";

    private final HttpServer server;

    StandInServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on the loopback interface", e);
        }
        server.createContext("/", this::answer);
        server.start();
    }

    URI url() {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort());
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange; InputStream request = exchange.getRequestBody()) {
            request.readAllBytes();
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.startsWith("/api/v1/jobs/" + MISSING)) {
                send(exchange, 404, "application/problem+json", ("{\"type\":\"https://lepton.dev/problems/not-found\",\"title\":\"not found\","
                        + "\"status\":404,\"detail\":\"job '" + MISSING + "' not found in project 'default'\",\"code\":\"NOT_FOUND\","
                        + "\"instance\":\"" + path + "\"}").getBytes(StandardCharsets.UTF_8));
            } else if (path.endsWith("/logs")) {
                send(exchange, 200, "text/plain", "rank=0 world=2\nstep 1\n".getBytes(StandardCharsets.UTF_8));
            } else {
                boolean created = method.equals("POST") && path.equals("/api/v1/jobs");
                send(exchange, created ? 201 : 200, "application/json", document(created ? "/api/v1/jobs/hello" : path));
            }
        }
    }

    private static byte[] document(String path) throws IOException {
        String name = switch (path.replaceFirst("^/api/v1/", "").replaceFirst("^jobs/[^/]+", "job")) {
            case "jobs" -> "jobs";
            case "job", "job/wait", "job/cancel" -> "job";
            case "job/events" -> "events";
            case "job/explain" -> "explain";
            case "nodes", "queues", "cohorts", "whoami", "tokens", "users" -> path.substring("/api/v1/".length());
            default -> throw new IllegalArgumentException("the stand-in server has no document for " + path);
        };
        try (InputStream in = StandInServer.class.getResourceAsStream(name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("training document " + name + ".json is missing");
            }
            return in.readAllBytes();
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
