package dev.lepton.dist;

import dev.lepton.client.LeptonClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The built distribution run as its own process, as a user runs it: {@code java -jar lepton.jar …}. */
final class ServerProcess implements AutoCloseable {
    static final Path JAR = Path.of(System.getProperty("lepton.jar", "target/lepton.jar"));
    static final String JAVA = ProcessHandle.current().info().command().orElse("java");

    final Path home;
    final int port;
    private Process process;

    ServerProcess(Path home) {
        this.home = home;
        this.port = freePort();
    }

    /** {@code lepton server} in its home on its port, with {@code flags} ({@code --executor kubernetes}, …) besides. */
    ServerProcess start(String... flags) {
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString(), "server", "--home", home.toString(), "--port",
                Integer.toString(port)));
        command.addAll(List.of(flags));
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("server.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitReady(Duration.ofSeconds(60));
        return this;
    }

    /** {@code kill -9}: no shutdown hook, no flush, no goodbye. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** The server's own pid: the JVM's, since the jar is run without a wrapper. */
    long pid() {
        return process.pid();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    LeptonClient client() {
        return new LeptonClient(URI.create(url()), Optional.of(token()));
    }

    String token() {
        try {
            return Files.readAllLines(home.resolve("credentials")).stream().filter(l -> l.startsWith("token="))
                    .map(l -> l.substring(6)).findFirst().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a CLI command against this server; returns exit code and output. */
    Result cli(String... args) throws IOException, InterruptedException {
        return cliIn(Path.of("").toAbsolutePath(), args);
    }

    /** Runs a CLI command against this server from the directory {@code workingDir}, as a user who cd'ed there. */
    Result cliIn(Path workingDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(workingDir.toFile());
        builder.environment().put("LEPTON_HOME", home.toString());
        builder.environment().put("LEPTON_SERVER", url());
        Process cli = builder.start();
        String out = new String(cli.getInputStream().readAllBytes());
        return new Result(cli.waitFor(), out);
    }

    record Result(int exitCode, String output) {}

    /** Starts a CLI command against this server and returns at once; its stdout and stderr stay apart. */
    Process startCli(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("LEPTON_HOME", home.toString());
        builder.environment().put("LEPTON_SERVER", url());
        return builder.start();
    }

    /** Whether {@code pid} holds an established TCP connection to this server's port (read from /proc). */
    boolean connectedFrom(long pid) throws IOException {
        Set<String> sockets = new HashSet<>();
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        sockets.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor went away while listing
                }
            }
        }
        String port = String.format(":%04X", this.port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table)).stream().skip(1).toList()) {
                String[] f = line.trim().split("\\s+");
                if (f[2].endsWith(port) && f[3].equals("01") && sockets.contains(f[9])) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Runs {@code lepton ARGS} as its own process for at most {@code limit}; one still running then
     * is killed and reported with exit code -1, so a command that wrongly keeps running fails the test.
     */
    static Result run(Duration limit, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("lepton-run", ".log");
        Process run = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean ended = run.waitFor(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        if (!ended) {
            run.destroyForcibly().waitFor();
        }
        String text = Files.readString(output);
        Files.delete(output);
        return new Result(ended ? run.exitValue() : -1, text);
    }

    private void awaitReady(Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        HttpClient http = HttpClient.newHttpClient();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited with " + process.exitValue() + "; see " + home.resolve("server.log"));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/readyz")).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("server not ready within " + limit);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
