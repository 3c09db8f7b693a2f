package dev.lepton.dist;

import dev.lepton.cli.CliFailure;
import dev.lepton.cli.ExitCode;
import dev.lepton.core.resource.Quantities;
import dev.lepton.serving.ModelServer;
import dev.lepton.serving.ModelState;
import dev.lepton.serving.ServingConfig;
import dev.lepton.serving.batching.BatchPolicy;
import dev.lepton.serving.http.InferenceRoutes;
import dev.lepton.serving.onnx.OnnxModelRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lepton serve-model}: serves one ONNX model over the Open Inference Protocol until SIGTERM,
 * when requests in flight finish first. Prints one line once the model is warmed up and ready.
 */
@Command(name = "serve-model", mixinStandardHelpOptions = true,
        description = "Serve one ONNX model over the Open Inference Protocol (KServe v2 REST) with dynamic batching: the process a model replica runs.")
final class ServeModelCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "FILE.onnx", required = true, description = "the ONNX model file to serve")
    Path model;

    @Option(names = "--name", paramLabel = "NAME", description = "the model's name in /v2/models/NAME (default: the file name without .onnx)")
    String name;

    @Option(names = "--model-version", paramLabel = "VERSION", description = "the version it is served as (default: " + ServingConfig.DEFAULT_VERSION + ")")
    String version = ServingConfig.DEFAULT_VERSION;

    @Option(names = "--port", paramLabel = "N", description = "HTTP port (default: $PORT, else " + ServingConfig.DEFAULT_PORT + "; 0: any free port)")
    Integer port;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "address to listen on (default: " + ServingConfig.DEFAULT_HOST + ", every interface)")
    String host = ServingConfig.DEFAULT_HOST;

    @Option(names = "--max-batch-size", paramLabel = "N",
            description = "most rows merged from concurrent requests into one run; 1: no batching (default: 1)")
    int maxBatchSize = ServingConfig.DEFAULT_BATCHING.maxBatchSize();

    @Option(names = "--max-queue-delay", paramLabel = "DURATION",
            description = "longest a request waits for others to join its batch, e.g. 2ms (default: 5ms)")
    String maxQueueDelay = ServingConfig.DEFAULT_BATCHING.maxQueueDelay().toMillis() + "ms";

    @Option(names = "--threads", paramLabel = "N", description = "ONNX Runtime's intra-op threads for one run (default: 0, one per physical core)")
    int threads;

    @Option(names = "--drain-timeout", paramLabel = "DURATION", description = "on SIGTERM, how long requests in flight get to finish (default: 30s)")
    String drainTimeout = ServingConfig.DEFAULT_DRAIN_TIMEOUT.toSeconds() + "s";

    @Option(names = "--max-request-size", paramLabel = "SIZE", description = "largest request body taken, e.g. 256MiB (default: 64MiB)")
    String maxRequestSize = "64MiB";

    @Spec
    CommandSpec spec;

    /** The config field each flag sets, to name the flag when the config refuses a value. */
    private static final Map<String, String> FLAGS = Map.of("name", "--name", "version", "--model-version", "host", "--host",
            "port", "--port", "threads", "--threads", "drainTimeout", "--drain-timeout", "maxRequestBytes", "--max-request-size",
            "maxBatchSize", "--max-batch-size", "maxQueueDelay", "--max-queue-delay");

    @Override
    public Integer call() throws InterruptedException {
        ServingConfig config = config();
        ModelServer server;
        try {
            server = ModelServer.start(config, new OnnxModelRuntime(config.threads()), Clock.systemUTC(),
                    new InferenceRoutes.ServerInfo("lepton", version(), List.of("binary_tensor_data")));
        } catch (RuntimeException e) {
            // Javalin's bind failure: the port is taken or the address is not this machine's.
            throw new CliFailure(ExitCode.FAILED, "cannot listen on " + config.host() + ":" + config.port() + ": " + rootMessage(e));
        }
        if (awaitSettled(server) instanceof ModelState.Failed failed) {
            server.close();
            throw new CliFailure(ExitCode.USAGE, "--model: " + failed.reason());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "shutdown"));
        System.out.println(server.summary());
        stopped.await();
        return ServerCommand.KEEP_RUNNING;
    }

    private ServingConfig config() {
        if (!Files.isRegularFile(model)) {
            throw new ParameterException(spec.commandLine(), "--model: no such file: " + model);
        }
        try {
            return ServingConfig.defaults(model, name == null ? ServingConfig.nameOf(model) : name).withVersion(version).withHost(host).withPort(port())
                    .withBatching(new BatchPolicy(maxBatchSize, flag("--max-queue-delay", maxQueueDelay, Quantities::parseDuration)))
                    .withThreads(threads)
                    .withDrainTimeout(flag("--drain-timeout", drainTimeout, Quantities::parseDuration))
                    .withMaxRequestBytes(flag("--max-request-size", maxRequestSize, Quantities::parseBytes));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), namingFlag(e.getMessage()), e);
        }
    }

    /** {@code --port}, else {@code $PORT}, else the default. */
    private int port() {
        if (port != null) {
            return port;
        }
        String env = System.getenv("PORT");
        if (env == null || env.isBlank()) {
            return ServingConfig.DEFAULT_PORT;
        }
        try {
            return Integer.parseInt(env.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("$PORT: not a port number (got '" + env + "')", e);
        }
    }

    /** The config's "field: why" as "--flag: why". */
    private static String namingFlag(String message) {
        for (Map.Entry<String, String> field : FLAGS.entrySet()) {
            String prefix = field.getKey();
            if (message.startsWith(prefix + ": ") || message.startsWith(prefix + " ")) {
                return field.getValue() + ": " + message.substring(prefix.length()).replaceFirst("^:? ", "");
            }
        }
        return message;
    }

    private static <T> T flag(String name, String text, Function<String, T> parse) {
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage() + " (got '" + text + "')", e);
        }
    }

    private static ModelState awaitSettled(ModelServer server) throws InterruptedException {
        while (true) {
            try {
                return server.awaitSettled(Duration.ofMinutes(1));
            } catch (TimeoutException e) {
                // A large model may take minutes to load; keep waiting, SIGTERM ends it.
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    private static String version() {
        String version = ServeModelCommand.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
