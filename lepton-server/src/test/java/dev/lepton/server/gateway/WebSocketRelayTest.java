package dev.lepton.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lepton.server.http.Problems;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** WebSockets through the gateway to real replicas (Javalin echo servers), over real connections. */
class WebSocketRelayTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final HttpClient client = HttpClient.newHttpClient();
    private final LinkedBlockingQueue<String> replicaSaw = new LinkedBlockingQueue<>();
    private ReplicaPool pool;
    private Javalin gateway;
    private Javalin replica;

    @BeforeEach
    void start() {
        pool = new ReplicaPool("chat", new LoadMeter(Clock.systemUTC()));
        WebSocketRelay relay = new WebSocketRelay(new GatewayConfig(Duration.ofMillis(300), 2, Duration.ofSeconds(1), Duration.ofSeconds(10)),
                (upgrade, authorization) -> pool);
        gateway = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            Problems.register(config.routes);
            config.routes.wsBeforeUpgrade("/endpoints/chat/<rest>", relay::upgrade);
            config.routes.ws("/endpoints/chat/<rest>", relay::socket);
        }).start("127.0.0.1", 0);
        replica = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.ws("/echo", ws -> {
                ws.onConnect(ctx -> replicaSaw.add("open " + ctx.queryString() + " forwarded-for=" + ctx.header("X-Forwarded-For")));
                ws.onMessage(ctx -> ctx.send(ctx.message()));
                ws.onBinaryMessage(ctx -> ctx.send(ctx.data()));
                ws.onClose(ctx -> replicaSaw.add("close " + ctx.status() + " " + ctx.reason()));
            });
        }).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        gateway.stop();
        replica.stop();
    }

    @Test
    void a_socket_counts_as_one_outstanding_request_on_its_replica_until_the_client_closes_it() throws Exception {
        pool.update(List.of(new Replica("r1", URI.create("http://127.0.0.1:" + replica.port()))));
        Recorder recorder = new Recorder();

        WebSocket socket = client.newWebSocketBuilder().subprotocols("chat", "superchat").buildAsync(gateway("/echo?room=1"), recorder)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(replicaSaw.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("open room=1 forwarded-for=127.0.0.1");
        assertThat(socket.getSubprotocol()).as("the subprotocol the replica chose").isEqualTo("chat");
        socket.sendText("hi", true).join();
        assertThat(recorder.next()).isEqualTo("hi");
        socket.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).join();
        assertThat(recorder.next()).isEqualTo("binary 3");
        assertThat(pool.outstanding("r1")).isEqualTo(1);
        assertThat(pool.meter().inFlight()).isEqualTo(1);

        socket.sendClose(4000, "done").join();

        assertThat(replicaSaw.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("close 4000 done");
        Awaitility.await().atMost(WAIT).until(() -> pool.outstanding("r1") == 0 && pool.meter().inFlight() == 0);
    }

    @Test
    void a_replica_that_refuses_the_connection_is_left_out_and_the_next_one_takes_the_socket() throws Exception {
        pool.update(List.of(new Replica("gone", URI.create("http://127.0.0.1:" + freePort())),
                new Replica("up", URI.create("http://127.0.0.1:" + replica.port()))));
        Recorder recorder = new Recorder();

        WebSocket socket = client.newWebSocketBuilder().buildAsync(gateway("/echo"), recorder).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        socket.sendText("hi", true).join();

        assertThat(recorder.next()).isEqualTo("hi");
        assertThat(pool.outstanding("gone")).isZero();
        assertThat(pool.outstanding("up")).isEqualTo(1);
    }

    @Test
    void an_upgrade_with_no_ready_replica_is_held_then_refused_with_a_503_and_one_the_replica_refuses_is_a_502() {
        assertThat(handshakeStatus("/echo")).isEqualTo(503);

        pool.update(List.of(new Replica("r1", URI.create("http://127.0.0.1:" + replica.port()))));
        assertThat(handshakeStatus("/no-socket-here")).isEqualTo(502);
        assertThat(pool.outstanding("r1")).as("a refused upgrade holds nothing").isZero();
        assertThat(pool.meter().inFlight()).isZero();
    }

    @Test
    void a_replica_going_away_closes_the_clients_socket_and_gives_the_replica_back() throws Exception {
        pool.update(List.of(new Replica("r1", URI.create("http://127.0.0.1:" + replica.port()))));
        Recorder recorder = new Recorder();
        client.newWebSocketBuilder().buildAsync(gateway("/echo"), recorder).get(WAIT.toSeconds(), TimeUnit.SECONDS);

        replica.stop();

        assertThat(recorder.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("1011 the replica's socket ended with 1006");
        Awaitility.await().atMost(WAIT).until(() -> pool.outstanding("r1") == 0);
    }

    private URI gateway(String path) {
        return URI.create("ws://127.0.0.1:" + gateway.port() + "/endpoints/chat" + path);
    }

    private int handshakeStatus(String path) {
        CompletableFuture<WebSocket> opening = client.newWebSocketBuilder().buildAsync(gateway(path), new Recorder());
        assertThatThrownBy(opening::join).isInstanceOf(CompletionException.class).hasCauseInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) opening.handle((s, e) -> e.getCause()).join()).getResponse().statusCode();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** What a client's socket received (text as itself, binary as "binary SIZE"), and how it closed. */
    static final class Recorder implements WebSocket.Listener {
        final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            messages.add(data.toString());
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
            messages.add("binary " + data.remaining());
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

        String next() throws InterruptedException {
            String message = messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(message).as("a message within " + WAIT).isNotNull();
            return message;
        }
    }
}
