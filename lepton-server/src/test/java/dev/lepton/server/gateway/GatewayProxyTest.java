package dev.lepton.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lepton.server.http.Problems;
import dev.lepton.core.failure.LeptonException;
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
import java.util.function.Consumer;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway between a client and real HTTP replicas, over real connections: here through Jetty's HTTP/1.1 and the
 * gateway's client alone ({@link GatewayProxy}); {@link GatewayConnectorTest} runs the same scenarios through the server's
 * connector, which relays plain requests itself.
 */
class GatewayProxyTest {
    static final long MAX_BODY = 64 * 1024;
    private final List<HttpServer> replicas = new ArrayList<>();
    private final List<GatewayProxy> proxies = new ArrayList<>();
    private final AtomicReference<String> lastAuthorization = new AtomicReference<>();
    private final ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
    final HttpClient client = newClient();
    ReplicaPool pool;
    Server gateway;

    @BeforeEach
    void start() throws Exception {
        pool = new ReplicaPool("iris", new LoadMeter(Clock.systemUTC()));
        GatewayProxy proxy = new GatewayProxy(new GatewayConfig(Duration.ofSeconds(5), 2, Duration.ofSeconds(1), Duration.ofSeconds(10)));
        gateway = gateway(proxy, "/endpoints/iris/", new QueuedThreadPool());
    }

    @AfterEach
    void stop() throws Exception {
        gateway.stop();
        replicas.forEach(server -> server.stop(0));
        proxies.forEach(GatewayProxy::close);
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
        assertThat(answer.headers().allValues("Date")).as("the replica's Date in place of the server's, not beside it").hasSize(1);
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
        Server other = gateway(quick, "/e/", new QueuedThreadPool());
        try {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(other) + "/e/x")).build(),
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
    void a_replica_s_cookie_goes_to_the_client_that_got_it_and_never_with_another_caller_s_request() throws Exception {
        AtomicReference<String> cookieSeen = new AtomicReference<>();
        pool.update(List.of(replica("r", exchange -> {
            cookieSeen.set(exchange.getRequestHeaders().getFirst("Cookie"));
            exchange.getResponseHeaders().add("Set-Cookie", "session=alice; Path=/");
            respond(exchange, 200, "ok");
        })));

        HttpResponse<String> alice = get("/endpoints/iris/login");
        assertThat(alice.headers().firstValue("Set-Cookie")).hasValue("session=alice; Path=/");
        get("/endpoints/iris/x");

        assertThat(cookieSeen.get()).as("the Cookie header of a second caller, who sent none").isNull();
        client.send(HttpRequest.newBuilder(url("/endpoints/iris/x")).header("Cookie", "session=bob").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(cookieSeen.get()).isEqualTo("session=bob");
    }

    @Test
    void a_replica_s_401_and_redirect_reach_the_client_as_they_were_sent() throws Exception {
        pool.update(List.of(replica("r", exchange -> {
            if (exchange.getRequestURI().getPath().equals("/private")) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"replica\"");
                respond(exchange, 401, "who are you?");
            } else {
                exchange.getResponseHeaders().add("Location", "/private");
                respond(exchange, 302, "");
            }
        })));

        HttpResponse<String> refused = get("/endpoints/iris/private");
        HttpResponse<String> moved = get("/endpoints/iris/old");

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"replica\"");
        assertThat(refused.body()).isEqualTo("who are you?");
        assertThat(moved.statusCode()).isEqualTo(302);
        assertThat(moved.headers().firstValue("Location")).hasValue("/private");
    }

    @Test
    void an_answer_is_relayed_on_the_gateway_client_s_own_threads() throws Exception {
        pool.update(List.of(replica("r", exchange -> respond(exchange, 200, "ok"))));
        AtomicReference<String> relayedOn = new AtomicReference<>();
        GatewayProxy proxy = new GatewayProxy(GatewayConfig.DEFAULTS);
        Server other = gateway(proxy, "/e/", new QueuedThreadPool(), replica -> relayedOn.set(Thread.currentThread().getName() + " "
                + GatewayProxy.onClientThread()));
        try {
            client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(other) + "/e/x")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(relayedOn.get()).startsWith("gateway-client-").endsWith(" true");
            assertThat(GatewayProxy.onClientThread()).as("on the test's thread").isFalse();
        } finally {
            other.stop();
        }
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

    @Test
    void held_requests_hold_no_thread_so_more_can_wait_than_the_server_has_threads() throws Exception {
        // 12 threads in all (an acceptor and selectors among them), 30 requests held: each blocking one would hold a thread.
        GatewayProxy proxy = new GatewayProxy(new GatewayConfig(Duration.ofSeconds(20), 100, Duration.ofSeconds(1), Duration.ofSeconds(10)));
        QueuedThreadPool few = new QueuedThreadPool(12, 4);
        few.setReservedThreads(0);
        Server small = gateway(proxy, "/e/", few);
        try {
            List<Future<HttpResponse<String>>> held = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                held.add(clients.submit(() -> client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(small) + "/e/x")).build(),
                        HttpResponse.BodyHandlers.ofString())));
            }
            awaitHeld(30);
            assertThat(few.getBusyThreads()).as("threads busy while 30 requests are held").isLessThan(12);

            pool.update(List.of(replica("late", exchange -> respond(exchange, 200, "late"))));

            for (Future<HttpResponse<String>> answer : held) {
                assertThat(answer.get(10, TimeUnit.SECONDS).body()).isEqualTo("late");
            }
            assertThat(pool.held()).isZero();
        } finally {
            small.stop();
        }
    }

    @Test
    void a_body_refused_by_one_replica_s_connection_reaches_the_next_whole() throws Exception {
        pool.update(List.of(new Replica("gone", URI.create("http://127.0.0.1:" + freePort())), replica("up", exchange ->
                respond(exchange, 200, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)))));
        String body = "{\"inputs\":\"" + "x".repeat(40_000) + "\"}";

        for (int i = 0; i < 4; i++) {
            assertThat(post("/endpoints/iris/infer", body).body()).as("attempt " + i).isEqualTo(body);
        }
        awaitOutstanding("up", 0);
        assertThat(pool.outstanding()).containsEntry("gone", 0);
    }

    @Test
    void a_body_over_the_limit_is_a_413_and_reaches_no_replica() throws Exception {
        List<String> reached = new java.util.concurrent.CopyOnWriteArrayList<>();
        pool.update(List.of(replica("r", exchange -> {
            reached.add(exchange.getRequestURI().toString());
            respond(exchange, 200, "ok");
        })));

        // Declared by its length, and in chunks of unknown total: the refusal reaches a client that is still sending (the
        // body is read and dropped first), every time.
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> declared = post("/endpoints/iris/infer", "x".repeat((int) MAX_BODY + 1));
            HttpResponse<String> chunked = client.send(HttpRequest.newBuilder(url("/endpoints/iris/infer"))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[(int) MAX_BODY * 2]))).build(),
                    HttpResponse.BodyHandlers.ofString());

            for (HttpResponse<String> answer : List.of(declared, chunked)) {
                assertThat(answer.statusCode()).isEqualTo(413);
                assertThat(answer.body()).contains("BODY_TOO_LARGE").contains("over the server's limit of " + MAX_BODY + " bytes");
            }
        }
        assertThat(reached).isEmpty();
    }

    @Test
    void a_replica_that_takes_the_request_but_does_not_answer_in_time_is_a_502() throws Exception {
        GatewayProxy impatient = new GatewayProxy(new GatewayConfig(Duration.ofSeconds(5), 2, Duration.ofSeconds(1), Duration.ofMillis(300)));
        Server other = gateway(impatient, "/e/", new QueuedThreadPool());
        CountDownLatch release = new CountDownLatch(1);
        pool.update(List.of(replica("mute", exchange -> {
            await(release);
            respond(exchange, 200, "late");
        })));
        try {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(other) + "/e/x")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).isEqualTo(502);
            assertThat(answer.body()).contains("REPLICA_FAILED").contains("replica mute did not start answering within PT0.3S");
            assertThat(pool.outstanding()).containsEntry("mute", 0);
        } finally {
            release.countDown();
            other.stop();
        }
    }

    @Test
    void a_client_that_goes_away_mid_stream_gives_the_replica_s_count_back_and_stops_its_stream() throws Exception {
        CountDownLatch replicaStopped = new CountDownLatch(1);
        pool.update(List.of(replica("stream", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            try {
                for (int i = 0; i < 500; i++) {
                    out.write(("data: " + i + "\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Thread.sleep(20);
                }
            } catch (IOException e) {
                replicaStopped.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })));

        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port(gateway))) {
            socket.getOutputStream().write("GET /endpoints/iris/events HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            BufferedReader answer = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            while (!answer.readLine().contains("data: 1")) {
                // the first events
            }
            awaitOutstanding("stream", 1);
        }

        for (int i = 0; i < 500 && pool.outstanding().get("stream") > 0; i++) {
            Thread.sleep(10);
        }
        assertThat(pool.outstanding()).containsEntry("stream", 0);
        assertThat(pool.meter().inFlight()).isZero();
        assertThat(replicaStopped.await(10, TimeUnit.SECONDS)).as("the replica's stream is cut when the client has gone").isTrue();
    }

    @Test
    void a_head_request_is_answered_with_the_replica_s_headers_and_the_connection_stays_usable() throws Exception {
        pool.update(List.of(replica("r", exchange -> {
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseHeaders().add("X-Method", "HEAD");
                exchange.getResponseHeaders().set("Content-Length", "3"); // the length a GET would have
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            } else {
                respond(exchange, 200, "got");
            }
        })));

        HttpResponse<String> head = client.send(HttpRequest.newBuilder(url("/endpoints/iris/x")).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("X-Method")).hasValue("HEAD");
        assertThat(head.headers().firstValue("Content-Length")).hasValue("3");
        assertThat(head.body()).isEmpty();
        assertThat(get("/endpoints/iris/x").body()).isEqualTo("got");
    }

    @Test
    void a_request_held_or_waiting_for_its_answer_longer_than_the_connection_s_idle_timeout_is_still_answered() throws Exception {
        Server other = gateway(new GatewayProxy(new GatewayConfig(Duration.ofSeconds(5), 2, Duration.ofSeconds(1), Duration.ofSeconds(10))), "/e/",
                new QueuedThreadPool(), Duration.ofMillis(300));
        try {
            Future<HttpResponse<String>> held = clients.submit(() -> client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(other)
                    + "/e/x")).build(), HttpResponse.BodyHandlers.ofString()));
            awaitHeld(1);
            Thread.sleep(700);
            pool.update(List.of(replica("slow", exchange -> {
                sleep(700);
                respond(exchange, 200, "slow");
            })));

            assertThat(held.get(10, TimeUnit.SECONDS).body()).isEqualTo("slow");
        } finally {
            other.stop();
        }
    }

    @Test
    void hop_by_hop_headers_stay_on_their_hop_and_the_replica_learns_who_asked() throws Exception {
        AtomicReference<com.sun.net.httpserver.Headers> seen = new AtomicReference<>();
        pool.update(List.of(replica("r", exchange -> {
            seen.set(exchange.getRequestHeaders());
            exchange.getResponseHeaders().add("Keep-Alive", "timeout=5");
            exchange.getResponseHeaders().add("X-Model", "iris");
            respond(exchange, 200, "ok");
        })));

        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(url("/endpoints/iris/x")).header("X-Forwarded-For", "10.0.0.1")
                .header("X-Custom", "kept").header("TE", "trailers").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(seen.get().getFirst("X-Forwarded-For")).isEqualTo("10.0.0.1, 127.0.0.1");
        assertThat(seen.get().getFirst("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(seen.get().getFirst("X-Forwarded-Host")).isEqualTo("127.0.0.1:" + port(gateway));
        assertThat(seen.get().getFirst("X-Custom")).isEqualTo("kept");
        assertThat(seen.get().containsKey("TE")).isFalse();
        assertThat(answer.headers().firstValue("X-Model")).hasValue("iris");
        assertThat(answer.headers().firstValue("Keep-Alive")).isEmpty();
    }

    /**
     * A Jetty server whose one handler passes requests under {@code prefix} to the gateway, as the server's own does, and
     * answers the gateway's refusals as problems.
     */
    Server gateway(GatewayProxy proxy, String prefix, QueuedThreadPool threads) throws Exception {
        return gateway(proxy, prefix, threads, Duration.ofSeconds(30));
    }

    private Server gateway(GatewayProxy proxy, String prefix, QueuedThreadPool threads, Consumer<Replica> answering) throws Exception {
        return gateway(proxy, prefix, threads, Duration.ofSeconds(30), answering);
    }

    private Server gateway(GatewayProxy proxy, String prefix, QueuedThreadPool threads, Duration idleTimeout) throws Exception {
        return gateway(proxy, prefix, threads, idleTimeout, replica -> { });
    }

    private Server gateway(GatewayProxy proxy, String prefix, QueuedThreadPool threads, Duration idleTimeout, Consumer<Replica> answering)
            throws Exception {
        Server server = new Server(threads);
        ServerConnector connector = connector(server, proxy.config(), prefix);
        connector.setHost("127.0.0.1");
        connector.setIdleTimeout(idleTimeout.toMillis());
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String path = request.getHttpURI().getPath();
                if (!path.startsWith(prefix)) {
                    return false;
                }
                Callback answered = Callback.from(callback::succeeded, failure -> {
                    if (failure instanceof LeptonException refused && !response.isCommitted()) {
                        Problems.write(request, response, callback, refused);
                    } else {
                        callback.failed(failure);
                    }
                });
                String query = request.getHttpURI().getQuery();
                proxy.forward(request, response, answered, pool, path.substring(prefix.length() - 1) + (query == null ? "" : "?" + query), MAX_BODY,
                        answering);
                return true;
            }
        });
        proxies.add(proxy);
        server.start();
        return server;
    }

    /** The client the scenarios call the gateway with. */
    HttpClient newClient() {
        return HttpClient.newHttpClient();
    }

    /** The connector the gateway's server listens with, for requests under {@code prefix}. */
    ServerConnector connector(Server server, GatewayConfig config, String prefix) {
        return new ServerConnector(server);
    }

    static int port(Server server) {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    interface Answer {
        void handle(HttpExchange exchange) throws IOException;
    }

    Replica replica(String id, Answer answer) {
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

    static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits until replica {@code id} has {@code count} requests outstanding: the gateway gives a replica's count back once
     * the answer's last write has completed, which may be just after the client has read it.
     */
    void awaitOutstanding(String id, int count) throws InterruptedException {
        for (int i = 0; i < 500 && pool.outstanding().getOrDefault(id, 0) != count; i++) {
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

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + port(gateway) + path);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(url(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(url(path)).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
