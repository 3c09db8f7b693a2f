package dev.lepton.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * {@link GatewayProxyTest}'s scenarios through the server's connector ({@link GatewayConnector}): its plain requests relayed
 * by {@link ClientRelay} on the server's selectors, everything else (held requests, bodies over the relay's buffer, a
 * refused connection) handed to Jetty and the gateway's client, as the server runs. And what only the relay does: an
 * answer relayed carries the route's prediction id (Jetty's path here sets none), so each test below knows which way a
 * request went.
 */
class GatewayConnectorTest extends GatewayProxyTest {
    private static final Pattern ANSWER = Pattern.compile("HTTP/1\\.1 (\\d{3}) [^\\r]*\\r\\n((?:[^\\r]+\\r\\n)*)\\r\\n", Pattern.DOTALL);
    private final List<String> answered = new CopyOnWriteArrayList<>();
    private final List<String> routedOn = new CopyOnWriteArrayList<>();
    /** Routes decided later, on another thread, as a token only the store knows is. */
    private volatile boolean decideLater;

    @Override
    HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    ServerConnector connector(Server server, GatewayConfig config, String prefix) {
        Routing routing = (method, uri, authorization, decided) -> {
            String path = uri.getPath();
            Routing.Route route = path.startsWith(prefix) ? route(path.substring(prefix.length() - 1) + (uri.getQuery() == null ? "" : "?" + uri.getQuery())) : null;
            if (decideLater) {
                Thread.ofVirtual().start(() -> decided.accept(route));
            } else {
                decided.accept(route);
            }
        };
        // Two selectors, as on the two cores of the machine the figures come from: clients' connections land on both.
        return new GatewayConnector(server, 2, new HttpConfiguration(), routing, config, MAX_BODY);
    }

    private Routing.Route route(String target) {
        return new Routing.Route() {
            @Override
            public ReplicaPool pool() {
                return pool;
            }

            @Override
            public String target() {
                return target;
            }

            @Override
            public String predictionId(Replica replica) {
                routedOn.add(Thread.currentThread().getName());
                return "7." + replica.id();
            }

            @Override
            public void answered(int status, long nanos) {
                answered.add(target + " " + status);
            }
        };
    }

    @Test
    @Override
    void an_answer_is_relayed_on_the_gateway_client_s_own_threads() throws Exception {
        // The relay's own version: the answer is written on the server's selector, never on the gateway client's threads.
        pool.update(List.of(replica("r", exchange -> respond(exchange, 200, "ok"))));

        HttpResponse<String> answer = get("/endpoints/iris/x");

        assertThat(answer.headers().firstValue(GatewayProxy.PREDICTION_ID)).hasValue("7.r");
        assertThat(routedOn).singleElement().asString().startsWith("qtp");
        awaitOutstanding("r", 0);
        assertThat(answered).containsExactly("/x 200");
    }

    @Test
    void a_plain_request_is_relayed_and_the_next_one_on_the_same_connection_that_is_not_goes_to_the_server_s_handlers() throws Exception {
        pool.update(List.of(replica("r", exchange -> respond(exchange, 200, "from the replica " + exchange.getRequestURI()))));

        try (Socket socket = socket()) {
            send(socket, "GET /endpoints/iris/a?b=c HTTP/1.1\r\nHost: x\r\n\r\n");
            Answer relayed = read(socket);
            send(socket, "GET /elsewhere HTTP/1.1\r\nHost: x\r\n\r\n");
            Answer jetty = read(socket);
            send(socket, "GET /endpoints/iris/d HTTP/1.1\r\nHost: x\r\n\r\n");
            Answer handedOver = read(socket);

            assertThat(relayed.status()).isEqualTo(200);
            assertThat(relayed.body()).isEqualTo("from the replica /a?b=c");
            assertThat(relayed.headers()).contains(GatewayProxy.PREDICTION_ID + ": 7.r");
            assertThat(jetty.status()).as("no handler answers /elsewhere").isEqualTo(404);
            assertThat(handedOver.body()).as("the connection is Jetty's from then on").isEqualTo("from the replica /d");
            assertThat(handedOver.headers()).doesNotContain(GatewayProxy.PREDICTION_ID);
        }
    }

    @Test
    void each_client_connection_s_requests_go_on_a_replica_connection_of_its_own_selector() throws Exception {
        // The replica answers with the port the gateway's connection to it came from.
        pool.update(List.of(replica("r", exchange -> respond(exchange, 200, String.valueOf(exchange.getRemoteAddress().getPort())))));

        try (Socket first = socket(); Socket second = socket()) { // accepted one after the other: on the two selectors
            Set<String> firstPorts = new HashSet<>();
            Set<String> secondPorts = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                send(first, "GET /endpoints/iris/a HTTP/1.1\r\nHost: x\r\n\r\n");
                firstPorts.add(read(first).body());
                send(second, "GET /endpoints/iris/b HTTP/1.1\r\nHost: x\r\n\r\n");
                secondPorts.add(read(second).body());
            }

            // One connection shared by the two (each idle when the other asks) would cross threads on every answer.
            assertThat(firstPorts).as("one replica connection for the first client's selector").hasSize(1);
            assertThat(secondPorts).as("another for the second's").hasSize(1).doesNotContainAnyElementsOf(firstPorts);
        }
    }

    @Test
    void pipelined_requests_are_answered_in_order_each_with_its_body() throws Exception {
        pool.update(List.of(replica("r", exchange -> respond(exchange, 200, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)))));

        try (Socket socket = socket()) {
            send(socket, "POST /endpoints/iris/1 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nfirstPOST /endpoints/iris/2 HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Length: 6\r\n\r\nsecondGET /endpoints/iris/3 HTTP/1.1\r\nHost: x\r\n\r\n");

            assertThat(read(socket).body()).isEqualTo("first");
            assertThat(read(socket).body()).isEqualTo("second");
            Answer third = read(socket);
            assertThat(third.body()).isEmpty();
            assertThat(third.headers()).contains(GatewayProxy.PREDICTION_ID + ": 7.r");
        }
        awaitOutstanding("r", 0);
        assertThat(answered).containsExactly("/1 200", "/2 200", "/3 200");
    }

    @Test
    void requests_sent_while_one_is_under_way_wait_for_its_answer_then_are_relayed_or_handed_over_in_order() throws Exception {
        // The client's connection stays read-interested while a request is under way; what arrives then waits its turn.
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        pool.update(List.of(replica("r", exchange -> {
            if (exchange.getRequestURI().getPath().equals("/slow")) {
                arrived.countDown();
                await(release);
            }
            respond(exchange, 200, "answer to " + exchange.getRequestURI().getPath());
        })));

        try (Socket socket = socket()) {
            send(socket, "GET /endpoints/iris/slow HTTP/1.1\r\nHost: x\r\n\r\n");
            await(arrived);
            send(socket, "GET /endpoints/iris/next HTTP/1.1\r\nHost: x\r\n\r\nGET /elsewhere HTTP/1.1\r\nHost: x\r\n\r\n");
            Thread.sleep(100); // the two are at the gateway before the first is answered
            release.countDown();

            Answer slow = read(socket);
            Answer next = read(socket);
            Answer elsewhere = read(socket);
            assertThat(slow.body()).isEqualTo("answer to /slow");
            assertThat(next.body()).isEqualTo("answer to /next");
            assertThat(next.headers()).as("relayed").contains(GatewayProxy.PREDICTION_ID + ": 7.r");
            assertThat(elsewhere.status()).as("handed to the server's handlers, which have no /elsewhere").isEqualTo(404);
        }
        awaitOutstanding("r", 0);
        assertThat(answered).containsExactly("/slow 200", "/next 200");
    }

    @Test
    void a_request_whose_head_and_body_come_in_pieces_is_relayed_whole() throws Exception {
        pool.update(List.of(replica("r", exchange -> respond(exchange, 200, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)))));

        try (Socket socket = socket()) {
            for (String piece : List.of("POST /endpoints/iris/x HT", "TP/1.1\r\nHost: x\r\nContent-Le", "ngth: 11\r\n\r\nhello", " world")) {
                send(socket, piece);
                Thread.sleep(50);
            }
            Answer answer = read(socket);

            assertThat(answer.body()).isEqualTo("hello world");
            assertThat(answer.headers()).contains(GatewayProxy.PREDICTION_ID + ": 7.r");
        }
    }

    @Test
    void an_answer_ended_by_closing_the_connection_reaches_the_client_in_chunks_and_its_connection_stays_open() throws Exception {
        ServerSocket http10 = rawReplica("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end");
        pool.update(List.of(new Replica("old", URI.create("http://127.0.0.1:" + http10.getLocalPort()))));

        try (http10; Socket socket = socket()) {
            send(socket, "GET /endpoints/iris/x HTTP/1.1\r\nHost: x\r\n\r\n");
            Answer answer = read(socket);

            assertThat(answer.headers()).contains("Transfer-Encoding: chunked").contains("Content-Type: text/plain");
            assertThat(answer.body()).isEqualTo("until the end");
            send(socket, "GET /elsewhere HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(read(socket).status()).isEqualTo(404);
        }
    }

    @Test
    void an_interim_answer_stays_at_the_gateway_and_the_final_one_reaches_the_client() throws Exception {
        ServerSocket hints = rawReplica("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        pool.update(List.of(new Replica("hints", URI.create("http://127.0.0.1:" + hints.getLocalPort()))));

        try (hints; Socket socket = socket()) {
            send(socket, "GET /endpoints/iris/x HTTP/1.1\r\nHost: x\r\n\r\n");
            Answer answer = read(socket);

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("ok");
            assertThat(answer.headers()).doesNotContain("Link");
        }
    }

    @Test
    void a_replica_that_closes_without_answering_is_a_502_problem_and_the_client_s_connection_goes_on() throws Exception {
        ServerSocket mute = rawReplica("");
        pool.update(List.of(new Replica("mute", URI.create("http://127.0.0.1:" + mute.getLocalPort()))));

        try (mute; Socket socket = socket()) {
            send(socket, "GET /endpoints/iris/x HTTP/1.1\r\nHost: x\r\n\r\n");
            Answer answer = read(socket);
            send(socket, "GET /elsewhere HTTP/1.1\r\nHost: x\r\n\r\n");

            assertThat(answer.status()).isEqualTo(502);
            assertThat(answer.headers()).contains("Content-Type: application/problem+json");
            assertThat(answer.body()).contains("REPLICA_FAILED").contains("replica mute failed to answer");
            assertThat(read(socket).status()).isEqualTo(404);
        }
        assertThat(answered).containsExactly("/x 502");
        assertThat(pool.outstanding()).containsEntry("mute", 0);
    }

    @Test
    void a_client_that_leaves_while_its_request_is_under_way_is_a_499_and_the_replica_s_connection_closes_at_once() throws Exception {
        // A model server generating for a client that has gone stops when its connection closes (vLLM aborts the request):
        // the gateway passes the client's leaving on at once, not at its 10 s response timeout. Both ways a request goes
        // out: on a connection opened for it, and on one kept open from an earlier request.
        BlockingQueue<String> held = new LinkedBlockingQueue<>();
        BlockingQueue<String> closed = new LinkedBlockingQueue<>();
        ServerSocket working = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!working.isClosed()) {
                try {
                    Socket connection = working.accept();
                    Thread.ofVirtual().start(() -> holdUntilClosed(connection, held, closed));
                } catch (IOException e) {
                    return;
                }
            }
        });
        pool.update(List.of(new Replica("working", URI.create("http://127.0.0.1:" + working.getLocalPort()))));

        try (working) {
            try (Socket socket = socket()) {
                send(socket, "GET /endpoints/iris/first HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(held.poll(10, TimeUnit.SECONDS)).isEqualTo("/first");
            }
            assertThat(closed.poll(3, TimeUnit.SECONDS)).as("the replica's connection opened for it").isEqualTo("/first");

            try (Socket socket = socket()) {
                send(socket, "GET /endpoints/iris/quick HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(read(socket).body()).isEqualTo("quick");
                send(socket, "GET /endpoints/iris/second HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(held.poll(10, TimeUnit.SECONDS)).isEqualTo("/second");
            }
            assertThat(closed.poll(3, TimeUnit.SECONDS)).as("the replica's connection kept from the request before").isEqualTo("/second");
        }
        awaitOutstanding("working", 0);
        assertThat(answered).containsExactly("/first 499", "/quick 200", "/second 499");
    }

    /** A replica's side of one connection: answers {@code /quick} at once, holds anything else until the connection closes. */
    private static void holdUntilClosed(Socket connection, BlockingQueue<String> held, BlockingQueue<String> closed) {
        try (connection) {
            InputStream in = connection.getInputStream();
            while (true) {
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        return;
                    }
                    head.write(b);
                }
                String path = head.toString(StandardCharsets.US_ASCII).split(" ")[1];
                if (path.equals("/quick")) {
                    connection.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nquick".getBytes(StandardCharsets.US_ASCII));
                    continue;
                }
                held.add(path);
                while (in.read() >= 0) {
                    // working on it, for as long as someone waits
                }
                closed.add(path);
                return;
            }
        } catch (IOException e) {
            // a reset is a close too, but names no path: the assertions above fail on it
        }
    }

    @Test
    void a_route_decided_on_another_thread_is_relayed_as_one_decided_at_once() throws Exception {
        decideLater = true;
        pool.update(List.of(replica("r", exchange -> respond(exchange, 200, "later"))));

        HttpResponse<String> first = get("/endpoints/iris/x");
        HttpResponse<String> second = get("/endpoints/iris/y");

        assertThat(first.body()).isEqualTo("later");
        assertThat(second.headers().firstValue(GatewayProxy.PREDICTION_ID)).hasValue("7.r");
        awaitOutstanding("r", 0);
        assertThat(answered).containsExactly("/x 200", "/y 200");
    }

    @Test
    void the_jdk_client_s_upgrade_to_h2c_is_declined_and_its_request_relayed() throws Exception {
        pool.update(List.of(replica("r", exchange -> respond(exchange, 200, exchange.getRequestHeaders().containsKey("Upgrade") + ""))));
        HttpClient h2 = HttpClient.newHttpClient();

        HttpResponse<String> answer = h2.send(HttpRequest.newBuilder(url("/endpoints/iris/x")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(answer.body()).as("the replica saw an Upgrade header").isEqualTo("false");
        assertThat(answer.headers().firstValue(GatewayProxy.PREDICTION_ID)).hasValue("7.r");
    }

    @Test
    void many_clients_at_once_are_each_answered_their_own_body() throws Exception {
        pool.update(List.of(replica("a", exchange -> respond(exchange, 200, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))),
                replica("b", exchange -> respond(exchange, 200, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)))));
        var callers = Executors.newFixedThreadPool(16);
        try {
            List<Future<Boolean>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String body = "request " + i;
                results.add(callers.submit(() -> post("/endpoints/iris/echo", body).body().equals(body)));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            callers.shutdownNow();
        }
        awaitOutstanding("a", 0);
        awaitOutstanding("b", 0);
        assertThat(answered).hasSize(400);
    }

    /** A replica that reads a request and writes {@code answer} as it is, then closes the connection; once per connection. */
    private ServerSocket rawReplica(String answer) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    socket.getInputStream().read(new byte[8192]);
                    socket.getOutputStream().write(answer.getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server;
    }

    private Socket socket() throws IOException {
        Socket socket = new Socket("127.0.0.1", port(gateway));
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void send(Socket socket, String bytes) throws IOException {
        socket.getOutputStream().write(bytes.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** An answer as it came over the wire: its status, its header lines, and its body (de-chunked). */
    private record Answer(int status, String headers, String body) {}

    private static Answer read(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (!bytes.toString(StandardCharsets.US_ASCII).contains("\r\n\r\n")) {
            bytes.write(in.read());
        }
        Matcher matcher = ANSWER.matcher(bytes.toString(StandardCharsets.US_ASCII));
        assertThat(matcher.find()).as(bytes.toString(StandardCharsets.US_ASCII)).isTrue();
        String headers = matcher.group(2);
        Matcher length = Pattern.compile("(?i)content-length: (\\d+)").matcher(headers);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (length.find()) {
            body.write(in.readNBytes(Integer.parseInt(length.group(1))));
        } else {
            for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
                body.write(in.readNBytes(size));
                in.readNBytes(2);
            }
            in.readNBytes(2);
        }
        return new Answer(Integer.parseInt(matcher.group(1)), headers, body.toString(StandardCharsets.UTF_8));
    }

    private static int chunkSize(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return Integer.parseInt(line.toString().trim(), 16);
    }
}
