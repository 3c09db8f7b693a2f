package dev.lepton.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lepton.server.http.Problems;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway between a client and real HTTP replicas, over real connections. */
class GatewayProxyTest {
    private final List<HttpServer> replicas = new ArrayList<>();
    private final AtomicReference<String> lastAuthorization = new AtomicReference<>();
    private final ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client = HttpClient.newHttpClient();
    private ReplicaPool pool;
    private Javalin gateway;

    @BeforeEach
    void start() {
        pool = new ReplicaPool("iris", new LoadMeter(Clock.systemUTC()));
        GatewayProxy proxy = new GatewayProxy(new GatewayConfig(Duration.ofSeconds(5), 2, Duration.ofSeconds(1), Duration.ofSeconds(10)));
        gateway = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            Problems.register(config.routes);
            for (HandlerType method : List.of(HandlerType.GET, HandlerType.POST)) {
                config.routes.addHttpHandler(method, "/endpoints/iris/<path>", ctx -> proxy.forward(ctx, pool, "/" + ctx.pathParam("path"), replica -> { }));
            }
        }).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        gateway.stop();
        replicas.forEach(server -> server.stop(0));
        clients.shutdownNow();
    }

    @Test
    void a_request_reaches_a_ready_replica_with_its_method_path_query_and_body_and_the_answer_comes_back_whole() throws Exception {
        pool.update(List.of(replica("r1", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            respond(exchange, 201, exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + body);
        })));

        HttpResponse<String> answer = post("/endpoints/iris/v2/models/iris/infer?x=1", "{\"inputs\":[]}");

        assertThat(answer.statusCode()).isEqualTo(201);
        assertThat(answer.body()).isEqualTo("POST /v2/models/iris/infer?x=1 {\"inputs\":[]}");
        assertThat(answer.headers().firstValue("X-Replica")).hasValue("r1");
    }

    @Test
    void requests_go_to_the_replica_with_the_fewest_outstanding() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        pool.update(List.of(replica("slow", exchange -> {
            await(release);
            respond(exchange, 200, "slow");
        }), replica("fast", exchange -> respond(exchange, 200, "fast"))));
        // With nothing outstanding anywhere, the first request goes to the first replica in turn: the slow one holds it.
        Future<HttpResponse<String>> first = clients.submit(() -> get("/endpoints/iris/a"));
        awaitOutstanding("slow", 1);

        for (int i = 0; i < 6; i++) {
            assertThat(get("/endpoints/iris/b").body()).as("request " + i + " while slow has one outstanding").isEqualTo("fast");
        }
        release.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS).body()).isEqualTo("slow");
    }

    @Test
    void a_replica_that_refuses_the_connection_is_skipped_and_the_request_answered_by_another() throws Exception {
        pool.update(List.of(new Replica("gone", URI.create("http://127.0.0.1:" + freePort())), replica("up", exchange -> respond(exchange, 200, "up"))));

        for (int i = 0; i < 4; i++) {
            assertThat(get("/endpoints/iris/x").body()).isEqualTo("up");
        }
    }

    @Test
    void when_every_replica_refuses_the_client_gets_a_502_naming_them() throws Exception {
        pool.update(List.of(new Replica("gone", URI.create("http://127.0.0.1:" + freePort()))));

        HttpResponse<String> answer = get("/endpoints/iris/x");

        assertThat(answer.statusCode()).isEqualTo(502);
        assertThat(answer.body()).contains("REPLICA_FAILED").contains("every ready replica refused the connection (gone)");
    }

    @Test
    void a_request_is_held_while_there_is_no_replica_and_answered_once_one_is_ready() throws Exception {
        Future<HttpResponse<String>> held = clients.submit(() -> get("/endpoints/iris/x"));
        awaitHeld(1);

        pool.update(List.of(replica("late", exchange -> respond(exchange, 200, "late"))));

        assertThat(held.get(5, TimeUnit.SECONDS).body()).isEqualTo("late");
        assertThat(pool.held()).isZero();
    }

    @Test
    void a_request_held_past_its_timeout_or_beyond_the_bound_gets_a_503_saying_why() throws Exception {
        GatewayProxy quick = new GatewayProxy(new GatewayConfig(Duration.ofMillis(200), 1, Duration.ofSeconds(1), Duration.ofSeconds(10)));
        Javalin other = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.concurrency.useVirtualThreads = true;
            Problems.register(config.routes);
            config.routes.addHttpHandler(HandlerType.GET, "/e/<path>", ctx -> quick.forward(ctx, pool, "/" + ctx.pathParam("path"), replica -> { }));
        }).start("127.0.0.1", 0);
        try {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + other.port() + "/e/x")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.body()).contains("no replica became ready within PT0.2S");
        } finally {
            other.stop();
        }
    }

    @Test
    void server_sent_events_pass_through_as_the_replica_sends_them() throws Exception {
        CountDownLatch secondEvent = new CountDownLatch(1);
        pool.update(List.of(replica("stream", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write("data: first\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            await(secondEvent);
            out.write("data: second\n\n".getBytes(StandardCharsets.UTF_8));
            out.close();
        })));

        HttpResponse<InputStream> answer = client.send(HttpRequest.newBuilder(url("/endpoints/iris/v1/chat/completions"))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        BufferedReader events = new BufferedReader(new InputStreamReader(answer.body(), StandardCharsets.UTF_8));

        assertThat(answer.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        assertThat(events.readLine()).as("the first event arrives while the replica still holds the second").isEqualTo("data: first");
        secondEvent.countDown();
        assertThat(events.readLine()).isEmpty();
        assertThat(events.readLine()).isEqualTo("data: second");
    }

    @Test
    void an_answer_the_replica_breaks_off_reaches_the_client_cut_short_not_complete() throws Exception {
        ServerSocket broken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        clients.submit(() -> {
            try (var socket = broken.accept()) {
                socket.getInputStream().read(new byte[8192]);
                socket.getOutputStream().write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                Thread.sleep(100);
            }
            return null;
        });
        pool.update(List.of(new Replica("breaks", URI.create("http://127.0.0.1:" + broken.getLocalPort()))));
        try (broken) {
            HttpResponse<InputStream> answer = client.send(HttpRequest.newBuilder(url("/endpoints/iris/x")).build(), HttpResponse.BodyHandlers.ofInputStream());

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> answer.body().readAllBytes()).isInstanceOf(IOException.class);
        }
    }

    @Test
    void the_gateway_s_defaults_are_those_documented() {
        assertThat(GatewayConfig.DEFAULTS).isEqualTo(new GatewayConfig(Duration.ofSeconds(60), 1_000, Duration.ofSeconds(2), Duration.ofMinutes(5)));
    }

    @Test
    void a_lepton_token_stays_at_the_gateway_while_other_credentials_reach_the_replica() throws Exception {
        pool.update(List.of(replica("r", exchange -> {
            lastAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            respond(exchange, 200, "ok");
        })));

        client.send(HttpRequest.newBuilder(url("/endpoints/iris/x")).header("Authorization", "Bearer lep_secret").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(lastAuthorization.get()).isNull();
        client.send(HttpRequest.newBuilder(url("/endpoints/iris/x")).header("Authorization", "Bearer sk-users-own").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(lastAuthorization.get()).isEqualTo("Bearer sk-users-own");
    }

    @Test
    void the_load_meter_sees_requests_in_flight_and_answered() throws Exception {
        pool.update(List.of(replica("r", exchange -> respond(exchange, 200, "ok"))));
        pool.meter().sample(0);

        for (int i = 0; i < 5; i++) {
            get("/endpoints/iris/x");
        }

        // The gateway counts a request ended just after its last byte has gone: the client may read it a moment before.
        for (int i = 0; i < 500 && pool.meter().inFlight() > 0; i++) {
            Thread.sleep(10);
        }
        assertThat(pool.meter().inFlight()).isZero();
        assertThat(pool.meter().sample(0).requestsPerSecond()).isGreaterThan(0);
    }

    private interface Answer {
        void handle(HttpExchange exchange) throws IOException;
    }

    private Replica replica(String id, Answer answer) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", exchange -> {
                exchange.getResponseHeaders().add("X-Replica", id);
                answer.handle(exchange);
            });
            server.start();
            replicas.add(server);
            return new Replica(id, URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitOutstanding(String id, int count) throws InterruptedException {
        for (int i = 0; i < 500 && pool.outstanding().getOrDefault(id, 0) < count; i++) {
            Thread.sleep(10);
        }
        assertThat(pool.outstanding()).containsEntry(id, count);
    }

    private void awaitHeld(int count) throws InterruptedException {
        for (int i = 0; i < 500 && pool.held() < count; i++) {
            Thread.sleep(10);
        }
        assertThat(pool.held()).isEqualTo(count);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(url(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(url(path)).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
