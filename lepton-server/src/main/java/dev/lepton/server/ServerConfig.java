package dev.lepton.server;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.node.NodeSettings;
import dev.lepton.core.policy.Policies;
import dev.lepton.node.process.LocalExecutorConfig;
import dev.lepton.server.energy.EnergySettings;
import dev.lepton.server.limits.TenantLimits;
import dev.lepton.server.retention.RetentionConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of {@code lepton server}; {@link #defaults(Path)} holds every default.
 *
 * @param home state directory: the SQLite database, attempt directories, {@code credentials} (default {@code ~/.lepton})
 * @param host address to listen on (default 127.0.0.1; use 0.0.0.0 to serve other machines)
 * @param port HTTP port (default 8420; 0 picks a free one)
 * @param databaseUrl JDBC URL of the store; empty means SQLite at {@code home/lepton.db}
 * @param maxRequestBytes largest request body accepted; larger ones get 413 (default 1 MiB)
 * @param stopGrace time between SIGTERM and SIGKILL when workers are stopped (default 10s)
 * @param sampleInterval how often worker usage and node utilisation are sampled (default 2s)
 * @param policy the scheduling policy by name (default {@code priority}); see docs/queues.md
 * @param carbonIntensity grid carbon intensity by node region, gCO2e/kWh, for queues that weigh
 *     {@code carbon} in their scoring (default none: every region counts the same)
 * @param node what the operator declares about this machine as a node: labels, taints, tier, region,
 *     price per hour (default {@link NodeSettings#NONE})
 * @param retention how long ended jobs, their events and files, and idempotency keys are kept, and
 *     the cap on a worker's log (default {@link RetentionConfig#DEFAULTS})
 * @param limits what one tenant may demand: requests per second per token, jobs queued or running
 *     per user and per project (default {@link TenantLimits#DEFAULTS})
 * @param energy how energy is measured and priced: the node's power profile, idle power, PUE, energy
 *     price, carbon intensity series (default {@link EnergySettings#DEFAULTS})
 * @param isolation the most isolation workers get, where the host allows it (default
 *     {@link LocalExecutorConfig.Isolation#SANDBOX}); see docs/operations.md, Worker isolation
 * @param executor what runs the workers and where the nodes come from (default {@link ExecutorChoice#LOCAL})
 */
public record ServerConfig(Path home, String host, int port, Optional<String> databaseUrl, long maxRequestBytes,
                           Duration stopGrace, Duration sampleInterval, String policy, Map<String, Double> carbonIntensity,
                           NodeSettings node, RetentionConfig retention, TenantLimits limits,
                           EnergySettings energy, LocalExecutorConfig.Isolation isolation, ExecutorChoice executor) {
    public static final int DEFAULT_PORT = 8420;

    public ServerConfig {
        requireNonNull(home, "home is null");
        requireNonNull(host, "host is null");
        requireNonNull(databaseUrl, "databaseUrl is null");
        requireNonNull(stopGrace, "stopGrace is null");
        requireNonNull(sampleInterval, "sampleInterval is null");
        requireNonNull(policy, "policy is null");
        carbonIntensity = Map.copyOf(carbonIntensity);
        requireNonNull(node, "node is null");
        requireNonNull(retention, "retention is null");
        requireNonNull(limits, "limits is null");
        requireNonNull(energy, "energy is null");
        requireNonNull(isolation, "isolation is null");
        requireNonNull(executor, "executor is null");
        carbonIntensity.forEach((region, intensity) -> {
            if (!Double.isFinite(intensity) || intensity < 0) {
                throw new IllegalArgumentException("--carbon-intensity: " + region + " must be a number of gCO2e/kWh >= 0, got " + intensity);
            }
        });
        try {
            Policies.named(policy);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--policy: " + e.getMessage(), e);
        }
        if (Policies.NEED_TRUE_DURATIONS.contains(policy.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("--policy: " + policy + " ranks by true job durations, which only a trace has: it runs in "
                    + "lepton simulate; the server takes priority, fifo, backfill, las (tiresias) or default");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0-65535, got " + port);
        }
        if (maxRequestBytes < 1_024) {
            throw new IllegalArgumentException("maxRequestBytes must be at least 1 KiB, got " + maxRequestBytes);
        }
    }

    public static ServerConfig defaults(Path home) {
        return new ServerConfig(home, "127.0.0.1", DEFAULT_PORT, Optional.empty(), 1 << 20, Duration.ofSeconds(10), Duration.ofSeconds(2), "priority", Map.of(), NodeSettings.NONE,
                RetentionConfig.DEFAULTS, TenantLimits.DEFAULTS, EnergySettings.DEFAULTS,
                LocalExecutorConfig.Isolation.SANDBOX, ExecutorChoice.LOCAL);
    }

    public ServerConfig withPort(int value) {
        return new ServerConfig(home, host, value, databaseUrl, maxRequestBytes, stopGrace, sampleInterval, policy, carbonIntensity, node, retention, limits, energy, isolation, executor);
    }

    public ServerConfig withHost(String value) {
        return new ServerConfig(home, value, port, databaseUrl, maxRequestBytes, stopGrace, sampleInterval, policy, carbonIntensity, node, retention, limits, energy, isolation, executor);
    }

    public ServerConfig withDatabaseUrl(Optional<String> value) {
        return new ServerConfig(home, host, port, value, maxRequestBytes, stopGrace, sampleInterval, policy, carbonIntensity, node, retention, limits, energy, isolation, executor);
    }

    public ServerConfig withStopGrace(Duration value) {
        return new ServerConfig(home, host, port, databaseUrl, maxRequestBytes, value, sampleInterval, policy, carbonIntensity, node, retention, limits, energy, isolation, executor);
    }

    public ServerConfig withPolicy(String value) {
        return new ServerConfig(home, host, port, databaseUrl, maxRequestBytes, stopGrace, sampleInterval, value, carbonIntensity, node, retention, limits, energy, isolation, executor);
    }

    public ServerConfig withCarbonIntensity(Map<String, Double> value) {
        return new ServerConfig(home, host, port, databaseUrl, maxRequestBytes, stopGrace, sampleInterval, policy, value, node, retention, limits, energy, isolation, executor);
    }

    public ServerConfig withNode(NodeSettings value) {
        return new ServerConfig(home, host, port, databaseUrl, maxRequestBytes, stopGrace, sampleInterval, policy, carbonIntensity, value, retention, limits, energy, isolation, executor);
    }

    public ServerConfig withRetention(RetentionConfig value) {
        return new ServerConfig(home, host, port, databaseUrl, maxRequestBytes, stopGrace, sampleInterval, policy, carbonIntensity, node, value, limits, energy, isolation, executor);
    }

    public Path credentials() {
        return home.resolve("credentials");
    }

    public ServerConfig withLimits(TenantLimits value) {
        return new ServerConfig(home, host, port, databaseUrl, maxRequestBytes, stopGrace, sampleInterval, policy, carbonIntensity, node, retention,
                value, energy, isolation, executor);
    }

    public ServerConfig withEnergy(EnergySettings value) {
        return new ServerConfig(home, host, port, databaseUrl, maxRequestBytes, stopGrace, sampleInterval, policy, carbonIntensity, node, retention,
                limits, value, isolation, executor);
    }

    public ServerConfig withExecutor(ExecutorChoice value) {
        return new ServerConfig(home, host, port, databaseUrl, maxRequestBytes, stopGrace, sampleInterval, policy, carbonIntensity, node, retention,
                limits, energy, isolation, value);
    }

    public ServerConfig withIsolation(LocalExecutorConfig.Isolation value) {
        return new ServerConfig(home, host, port, databaseUrl, maxRequestBytes, stopGrace, sampleInterval, policy, carbonIntensity, node, retention,
                limits, energy, value, executor);
    }
}
