package dev.lepton.server;

import dev.lepton.api.v1.ApiUser;
import dev.lepton.api.v1.ApiUserRequest;
import dev.lepton.client.LeptonClient;
import dev.lepton.testing.LeftoverWorkers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.awaitility.Awaitility;

/** A real server in this JVM: SQLite in a temporary home, a free port, real processes. */
final class TestServer implements AutoCloseable {
    final Path home;
    final ServerAssembly server;
    final LeptonClient admin;

    private TestServer(Path home, ServerConfig config) {
        this(home, config, java.time.Clock.tick(java.time.Clock.systemUTC(), Duration.ofMillis(1)));
    }

    private TestServer(Path home, ServerConfig config, java.time.InstantSource clock) {
        this.home = home;
        this.server = new ServerAssembly(config, clock);
        this.admin = client(adminToken());
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> http("/readyz") == 200);
    }

    static TestServer start(Path home) {
        return new TestServer(home, ServerConfig.defaults(home).withPort(0).withStopGrace(Duration.ofSeconds(2)));
    }

    /** A server whose settings {@code configure} adjusts from the test defaults. */
    static TestServer start(Path home, java.util.function.UnaryOperator<ServerConfig> configure) {
        return new TestServer(home, configure.apply(ServerConfig.defaults(home).withPort(0).withStopGrace(Duration.ofSeconds(2))));
    }

    /** A server on {@code clock}, its settings adjusted from the test defaults. */
    static TestServer start(Path home, java.util.function.UnaryOperator<ServerConfig> configure, java.time.InstantSource clock) {
        return new TestServer(home, configure.apply(ServerConfig.defaults(home).withPort(0).withStopGrace(Duration.ofSeconds(2))), clock);
    }

    static TestServer start(Path home, String databaseUrl) {
        return new TestServer(home, ServerConfig.defaults(home).withPort(0).withStopGrace(Duration.ofSeconds(2))
                .withDatabaseUrl(Optional.of(databaseUrl)));
    }

    String adminToken() {
        try {
            return Files.readAllLines(home.resolve("credentials")).stream().filter(l -> l.startsWith("token="))
                    .map(l -> l.substring(6)).findFirst().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    LeptonClient client(String token) {
        return new LeptonClient(URI.create(server.url()), Optional.ofNullable(token));
    }

    /** A new user with one role in one project, and a client that speaks as them. */
    LeptonClient userClient(String name, String project, String role) {
        ApiUser user = admin.createUser(new ApiUserRequest(name, project, role));
        return client(user.token());
    }

    int http(String path) {
        try {
            var request = java.net.http.HttpRequest.newBuilder(URI.create(server.url() + path)).GET().build();
            return java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    /** Closes the server and ends the workers it left running, so that the test's home can be deleted. */
    public void close() {
        server.close();
        LeftoverWorkers.kill(home);
    }

    /** Closes the server as a crash or a stop does: its workers run on, for the next server on this home to adopt. */
    void closeForRestart() {
        server.close();
    }
}
