package dev.lepton.dist;

import dev.lepton.server.ServerAssembly;
import dev.lepton.server.ServerConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lepton server}: runs the control plane in the foreground until SIGTERM or Ctrl-C. */
@Command(name = "server", description = "Start the Lepton control plane: API, scheduler and local executor.",
        mixinStandardHelpOptions = true)
final class ServerCommand implements Callable<Integer> {
    /** Returned while the server runs in its own threads; {@link Main} must not exit then. */
    static final int KEEP_RUNNING = Integer.MIN_VALUE;

    @Option(names = "--home", description = "state directory (default: $LEPTON_HOME or ~/.lepton)")
    Path home;

    @Option(names = "--port", description = "HTTP port (default: ${DEFAULT-VALUE})", defaultValue = "8420")
    int port;

    @Option(names = "--host", description = "address to listen on (default: ${DEFAULT-VALUE})", defaultValue = "127.0.0.1")
    String host;

    @Option(names = "--database-url", description = "JDBC URL of the store, e.g. jdbc:postgresql://localhost:5432/lepton?user=lepton "
            + "(default: SQLite in the home directory)")
    String databaseUrl;

    @Option(names = "--policy", description = "scheduling policy: priority (default), fifo, backfill, las, default",
            defaultValue = "priority")
    String policy;

    @Option(names = "--carbon-intensity", split = ",", paramLabel = "REGION=GRAMS",
            description = "grid carbon intensity by node region in gCO2e/kWh, for queues that weigh carbon, e.g. eu-north=45,us-east=390")
    Map<String, Double> carbonIntensity = Map.of();

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig config = ServerConfig.defaults(resolveHome()).withPort(port).withHost(host)
                .withDatabaseUrl(Optional.ofNullable(databaseUrl)).withPolicy(policy).withCarbonIntensity(carbonIntensity);
        ServerAssembly server = new ServerAssembly(config, Clock.tick(Clock.systemUTC(), Duration.ofMillis(1)));
        System.out.println("Lepton is serving on " + server.url() + " (state in " + config.home().toAbsolutePath()
                + "; CLI credentials in " + config.credentials() + ")");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return KEEP_RUNNING;
    }

    private Path resolveHome() {
        if (home != null) {
            return home;
        }
        String env = System.getenv("LEPTON_HOME");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".lepton");
    }
}
