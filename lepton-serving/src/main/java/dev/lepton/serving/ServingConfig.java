package dev.lepton.serving;

import static java.util.Objects.requireNonNull;

import dev.lepton.serving.batching.BatchPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Everything {@code lepton serve-model} is told, with its defaults in one place ({@link #defaults}).
 *
 * @param model           the ONNX file to serve
 * @param name            the model's name in {@code /v2/models/{name}}; default: the file name without {@code .onnx}
 * @param version         the one version served, in metadata and {@code /versions/{version}/}; default {@value #DEFAULT_VERSION}
 * @param host            the address to listen on; default {@value #DEFAULT_HOST}, every interface, since the gateway
 *                        calling a replica may be on another machine
 * @param port            the HTTP port; default {@value #DEFAULT_PORT} (the command takes {@code $PORT} first); 0: any free port
 * @param batching        dynamic batching; default {@link #DEFAULT_BATCHING}: max batch size 1, which runs every request
 *                        alone, and a max queue delay of 5 ms for when the size is raised
 * @param threads         ONNX Runtime intra-op threads for one run; default 0, ONNX Runtime's own choice (one per physical core)
 * @param drainTimeout    on stop, how long requests in flight get to finish; default 30 s (Kubernetes' grace period)
 * @param maxRequestBytes the largest request body taken; default 64 MiB (a batch of 16 images of 3×224×224 in JSON is about 40 MiB)
 */
public record ServingConfig(Path model, String name, String version, String host, int port, BatchPolicy batching, int threads,
                            Duration drainTimeout, long maxRequestBytes) {
    public static final String DEFAULT_VERSION = "1";
    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 8080;
    public static final BatchPolicy DEFAULT_BATCHING = new BatchPolicy(1, Duration.ofMillis(5));
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);
    public static final long DEFAULT_MAX_REQUEST_BYTES = 64L << 20;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    public ServingConfig {
        requireNonNull(model, "model is null");
        requireNonNull(host, "host is null");
        requireNonNull(batching, "batching is null");
        requireNonNull(drainTimeout, "drainTimeout is null");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name: 1-128 letters, digits, '_', '.' or '-', starting with a letter or digit (got '" + name + "')");
        }
        if (version == null || !NAME.matcher(version).matches()) {
            throw new IllegalArgumentException("version: 1-128 letters, digits, '_', '.' or '-' (got '" + version + "')");
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("host: must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: must be 0-65535 (got " + port + ")");
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads: must be >= 0, 0 for ONNX Runtime's default (got " + threads + ")");
        }
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("drainTimeout: must be >= 0 (got " + drainTimeout + ")");
        }
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("maxRequestBytes: must be at least 1KiB (got " + maxRequestBytes + ")");
        }
    }

    /** The defaults for serving {@code model}, named after its file. */
    public static ServingConfig defaults(Path model) {
        return defaults(model, nameOf(model));
    }

    /** The defaults for serving {@code model} as {@code name}. */
    public static ServingConfig defaults(Path model, String name) {
        return new ServingConfig(model, name, DEFAULT_VERSION, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_BATCHING, 0,
                DEFAULT_DRAIN_TIMEOUT, DEFAULT_MAX_REQUEST_BYTES);
    }

    /** The file name without its {@code .onnx}: {@code models/resnet50.onnx} is {@code resnet50}. */
    public static String nameOf(Path model) {
        Path file = model.getFileName();
        String name = file == null ? "" : file.toString();
        return name.endsWith(".onnx") ? name.substring(0, name.length() - ".onnx".length()) : name;
    }

    public ServingConfig withName(String name) {
        return new ServingConfig(model, name, version, host, port, batching, threads, drainTimeout, maxRequestBytes);
    }

    public ServingConfig withVersion(String version) {
        return new ServingConfig(model, name, version, host, port, batching, threads, drainTimeout, maxRequestBytes);
    }

    public ServingConfig withHost(String host) {
        return new ServingConfig(model, name, version, host, port, batching, threads, drainTimeout, maxRequestBytes);
    }

    public ServingConfig withPort(int port) {
        return new ServingConfig(model, name, version, host, port, batching, threads, drainTimeout, maxRequestBytes);
    }

    public ServingConfig withBatching(BatchPolicy batching) {
        return new ServingConfig(model, name, version, host, port, batching, threads, drainTimeout, maxRequestBytes);
    }

    public ServingConfig withThreads(int threads) {
        return new ServingConfig(model, name, version, host, port, batching, threads, drainTimeout, maxRequestBytes);
    }

    public ServingConfig withDrainTimeout(Duration drainTimeout) {
        return new ServingConfig(model, name, version, host, port, batching, threads, drainTimeout, maxRequestBytes);
    }

    public ServingConfig withMaxRequestBytes(long maxRequestBytes) {
        return new ServingConfig(model, name, version, host, port, batching, threads, drainTimeout, maxRequestBytes);
    }
}
