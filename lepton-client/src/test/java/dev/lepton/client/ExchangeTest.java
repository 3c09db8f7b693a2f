package dev.lepton.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.lepton.api.v1.ApiScale;
import dev.lepton.api.v1.ApiUserRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client's HTTP/1.1 exchanges against a real HTTP server on a loopback port. */
class ExchangeTest {
    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void a_post_whose_answer_is_lost_is_sent_once_and_reported_unreachable() throws IOException {
        AtomicInteger posts = new AtomicInteger();
        LeptonClient client = clientOf(exchange -> {
            posts.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            throw new IOException("the server dies before it answers");   // the connection closes with no answer
        });

        assertThatThrownBy(() -> client.createUser(new ApiUserRequest("alice", "default", "viewer")))
                .isInstanceOf(ServerUnreachableException.class);
        assertThat(posts).as("HttpURLConnection repeats a buffered POST whose answer it lost; a streamed one never").hasValue(1);
    }

    @Test
    void a_post_refused_for_its_token_is_an_api_exception_401() throws IOException {
        LeptonClient client = clientOf(exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            answer(exchange, 401, "application/problem+json", "{\"type\":\"about:blank\",\"title\":\"not authenticated\",\"status\":401,"
                    + "\"detail\":\"unknown or revoked token\",\"code\":\"NOT_AUTHENTICATED\"}");
        });

        assertThatThrownBy(client::createToken).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.code()).isEqualTo("NOT_AUTHENTICATED");
        });
        assertThatThrownBy(client::whoami).as("a GET keeps the server's own words").isInstanceOf(ApiException.class)
                .hasMessage("unknown or revoked token");
    }

    @Test
    void requests_carry_the_token_the_method_and_a_json_body_and_a_problem_comes_back_as_sent() throws IOException {
        LeptonClient client = clientOf(exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + exchange.getRequestHeaders().getFirst("Authorization")
                    + " " + exchange.getRequestHeaders().getFirst("Content-Type") + " " + body);
            answer(exchange, 409, "application/problem+json", "{\"type\":\"about:blank\",\"title\":\"conflict\",\"status\":409,"
                    + "\"detail\":\"user 'alice' already exists\",\"code\":\"ALREADY_EXISTS\"}");
        });

        assertThatThrownBy(() -> client.createUser(new ApiUserRequest("alice", "default", "viewer")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("ALREADY_EXISTS"))
                .hasMessage("user 'alice' already exists");
        assertThat(requests).containsExactly(
                "POST /api/v1/users Bearer lep_test application/json {\"name\":\"alice\",\"project\":\"default\",\"role\":\"viewer\"}");
    }

    @Test
    void deployment_calls_put_a_json_body_to_the_named_deployment_in_the_project_and_a_204_delete_answers_nothing() throws IOException {
        LeptonClient client = clientOf(exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + body);
            if (exchange.getRequestMethod().equals("DELETE")) {
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            } else {
                answer(exchange, 200, "application/json", "{\"kind\":\"Deployment\",\"metadata\":{\"name\":\"iris\"}}");
            }
        });

        assertThat(client.scaleDeployment("vision", "iris", new ApiScale(0, 4)).metadata().name()).isEqualTo("iris");
        client.rollbackDeployment("vision", "iris", OptionalLong.of(2));
        client.deleteDeployment("vision", "iris");

        assertThat(requests).containsExactly(
                "PUT /api/v1/deployments/iris/scale?project=vision {\"min\":0,\"max\":4}",
                "POST /api/v1/deployments/iris/rollback?project=vision&revision=2 ",
                "DELETE /api/v1/deployments/iris?project=vision ");
    }

    @Test
    void a_log_streams_as_the_server_writes_it() throws IOException {
        LeptonClient client = clientOf(exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, 0);   // chunked
            try (var out = exchange.getResponseBody()) {
                out.write("step 1\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                out.write("step 2\n".getBytes(StandardCharsets.UTF_8));
            }
        });

        try (InputStream log = client.jobLogs("default", "train", 0, true)) {
            assertThat(new String(log.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("step 1\nstep 2\n");
        }
    }

    private LeptonClient clientOf(HttpHandler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", handler);
        server.start();
        return new LeptonClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Optional.of("lep_test"));
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
