package dev.lepton.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.http.HttpVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streams through the gateway to a real command deployment, whose replica is a small Python program
 * ({@code gateway/streaming_replica.py}): server-sent events and a chunked body reach the client as the replica sends
 * them, not at the end, and a WebSocket passes text and binary messages both ways, its closes in either direction, with
 * the deployment's token taken from {@code ?token=} or {@code Authorization}.
 */
class GatewayStreamingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path home;
    static TestServer server;
    static String token;

    @BeforeAll
    static void deploy() throws Exception {
        server = TestServer.start(home);
        token = server.adminToken();
        String script;
        try (InputStream in = GatewayStreamingTest.class.getResourceAsStream("/gateway/streaming_replica.py")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ObjectNode spec = JSON.createObjectNode().put("access", "token");
        spec.putArray("command").add("python3").add("-u").add("-c").add(script);
        spec.set("resources", JSON.readTree("{\"cpu\":\"100m\",\"memory\":\"64MiB\"}"));
        spec.set("replicas", JSON.readTree("{\"min\":1,\"max\":1}"));
        ObjectNode deployment = JSON.createObjectNode().put("kind", "Deployment");
        deployment.putObject("metadata").put("name", "stream");
        deployment.set("spec", spec);
        HttpResponse<String> created = HTTP.send(request("/api/v1/deployments").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(deployment))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> JSON.readTree(HTTP.send(request("/api/v1/deployments/stream").build(),
                HttpResponse.BodyHandlers.ofString()).body()).at("/status/ready").asInt() == 1);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void server_sent_events_reach_the_client_one_by_one_as_the_replica_sends_them() throws Exception {
        HttpResponse<InputStream> answer = HTTP.send(request("/endpoints/stream/events").header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());

        assertThat(answer.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        List<Arrival> events = arrivals(answer.body(), line -> line.startsWith("data: ") ? line.substring(6) : null);
        report("server-sent events", events);
        assertStreamed(events);
    }

    @Test
    void server_sent_events_reach_an_http2_client_one_by_one() throws Exception {
        org.eclipse.jetty.client.HttpClient h2 = H2cTest.h2cClient();
        try {
            InputStreamResponseListener listener = new InputStreamResponseListener();
            h2.newRequest(server.server.url() + "/endpoints/stream/events")
                    .headers(h -> h.put("Authorization", "Bearer " + token).put("Accept", "text/event-stream")).send(listener);
            org.eclipse.jetty.client.Response answer = listener.get(10, TimeUnit.SECONDS);

            assertThat(answer.getVersion()).isEqualTo(HttpVersion.HTTP_2);
            assertThat(answer.getHeaders().get("Content-Type")).isEqualTo("text/event-stream");
            List<Arrival> events = arrivals(listener.getInputStream(), line -> line.startsWith("data: ") ? line.substring(6) : null);
            report("server-sent events over h2c", events);
            assertStreamed(events);
        } finally {
            h2.stop();
        }
    }

    @Test
    void a_chunked_body_reaches_the_client_chunk_by_chunk_as_the_replica_sends_it() throws Exception {
        HttpResponse<InputStream> answer = HTTP.send(request("/endpoints/stream/chunks").build(), HttpResponse.BodyHandlers.ofInputStream());

        assertThat(answer.statusCode()).isEqualTo(200);
        List<Arrival> chunks = arrivals(answer.body(), line -> line.split(" ")[1]);
        report("chunked body", chunks);
        assertStreamed(chunks);
    }

    @Test
    void a_websocket_passes_text_and_binary_both_ways_and_the_clients_close_reaches_the_replica() throws Exception {
        Recorder recorder = new Recorder();
        WebSocket socket = HTTP.newWebSocketBuilder().buildAsync(webSocket("/endpoints/stream/echo?x=1&token=" + token), recorder)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);

        socket.sendText("hello", true).join();
        assertThat(recorder.next()).isEqualTo("hello");
        byte[] large = new byte[200_000];
        IntStream.range(0, large.length).forEach(i -> large[i] = (byte) (i * 31));
        socket.sendBinary(ByteBuffer.wrap(large), true).join();
        assertThat(recorder.next()).as("a 200 kB binary message, over Jetty's 64 KiB default").isEqualTo(large);
        socket.sendText("whoami", true).join();
        assertThat(recorder.next()).as("the path and query reach the replica; the Lepton token does not").isEqualTo("/echo?x=1 auth=False");

        socket.sendClose(4001, "bye").join();
        assertThat(recorder.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).startsWith("4001");
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(get("/endpoints/stream/closed").body()).contains("4001 bye"));
    }

    @Test
    void the_replicas_close_reaches_the_client_with_its_code_and_reason() throws Exception {
        Recorder recorder = new Recorder();
        WebSocket socket = HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .buildAsync(webSocket("/endpoints/stream/echo"), recorder).get(WAIT.toSeconds(), TimeUnit.SECONDS);

        socket.sendText("close-me", true).join();

        assertThat(recorder.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("4002 asked");
    }

    @Test
    void an_upgrade_without_a_token_or_to_no_deployment_is_refused_before_any_socket_opens() {
        assertThat(handshakeStatus("/endpoints/stream/echo")).isEqualTo(401);
        assertThat(handshakeStatus("/endpoints/stream/echo?token=lep_not-a-token")).isEqualTo(401);
        assertThat(handshakeStatus("/endpoints/nobody/echo?token=" + token)).isEqualTo(404);
    }

    /** A line of a streamed answer: what the replica wrote in it (when it sent it, epoch ms), and when it arrived here. */
    record Arrival(long sentMillis, long arrivedMillis) {
        long lag() {
            return arrivedMillis - sentMillis;
        }
    }

    private static List<Arrival> arrivals(InputStream body, java.util.function.Function<String, String> sentStamp) throws IOException {
        List<Arrival> arrivals = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                long now = System.currentTimeMillis();
                String stamp = line.isEmpty() ? null : sentStamp.apply(line);
                if (stamp != null) {
                    arrivals.add(new Arrival(Long.parseLong(stamp), now));
                }
            }
        }
        return arrivals;
    }

    /** Each part arrives about as it is sent: before the replica sends the one after next, and ~100 ms after the one before. */
    private static void assertStreamed(List<Arrival> parts) {
        assertThat(parts).hasSize(10);
        assertThat(parts.getFirst().arrivedMillis()).as("the first arrives before the last is sent").isLessThan(parts.getLast().sentMillis());
        for (int i = 0; i + 2 < parts.size(); i++) {
            assertThat(parts.get(i).arrivedMillis()).as("part %d arrives before part %d is sent", i, i + 2).isLessThan(parts.get(i + 2).sentMillis());
        }
        List<Long> gaps = IntStream.range(1, parts.size()).mapToObj(i -> parts.get(i).arrivedMillis() - parts.get(i - 1).arrivedMillis()).sorted().toList();
        assertThat(gaps.get(gaps.size() / 2)).as("the median gap between arrivals, ms").isBetween(60L, 160L);
    }

    private static void report(String what, List<Arrival> parts) {
        System.out.println(what + ": lag (ms) " + parts.stream().map(Arrival::lag).toList() + "; gaps between arrivals (ms) "
                + IntStream.range(1, parts.size()).mapToObj(i -> parts.get(i).arrivedMillis() - parts.get(i - 1).arrivedMillis()).toList());
    }

    private static int handshakeStatus(String path) {
        CompletableFuture<WebSocket> opening = HTTP.newWebSocketBuilder().buildAsync(webSocket(path), new Recorder());
        assertThatThrownBy(opening::join).isInstanceOf(CompletionException.class).hasCauseInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) opening.handle((s, e) -> e.getCause()).join()).getResponse().statusCode();
    }

    /** What a client's socket received: whole messages (text as String, binary as byte[]), and its close. */
    static final class Recorder implements WebSocket.Listener {
        final LinkedBlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(text.toString());
                text.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                messages.add(binary.toByteArray());
                binary.reset();
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
            closed.complete(code + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            closed.completeExceptionally(error);
        }

        Object next() throws InterruptedException {
            Object message = messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(message).as("a message within " + WAIT).isNotNull();
            return message;
        }
    }

    private static URI webSocket(String path) {
        return URI.create(server.server.url().replaceFirst("^http", "ws") + path);
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(server.server.url() + path)).header("Authorization", "Bearer " + token);
    }

    private static HttpResponse<String> get(String path) {
        try {
            return HTTP.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
