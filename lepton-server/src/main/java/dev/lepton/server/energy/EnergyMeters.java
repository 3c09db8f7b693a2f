package dev.lepton.server.energy;

import dev.lepton.core.carbon.CarbonIntensitySource;
import dev.lepton.core.carbon.EmissionFactor;
import dev.lepton.core.carbon.Forecast;
import dev.lepton.core.carbon.Forecasts;
import dev.lepton.core.carbon.HourlyIntensity;
import dev.lepton.core.carbon.Intensity;
import dev.lepton.core.carbon.IntensityCsv;
import dev.lepton.core.carbon.IntensitySeries;
import dev.lepton.core.carbon.StaticIntensity;
import dev.lepton.core.energy.EnergyAttribution;
import dev.lepton.core.energy.IdleBaseline;
import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.node.Node;
import dev.lepton.node.power.NodePower;
import dev.lepton.node.power.ProcStat;
import dev.lepton.node.process.WorkerProcesses;
import dev.lepton.server.ServerConfig;
import dev.lepton.server.carbon.ElectricityMapsApi;
import dev.lepton.server.scheduler.RunningWorker;
import dev.lepton.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the meter of the server's own machine from its settings: its power sources, its grid's intensity. */
public final class EnergyMeters {
    /** How often accrued figures reach the ledger: a restart loses at most this much. */
    public static final Duration PERSIST_EVERY = Duration.ofMinutes(1);

    private EnergyMeters() {}

    /** {@code node}: this machine; {@code cluster}: every node the server knows, for workers elsewhere whose executor measured their energy. */
    public static EnergyMeter local(ServerConfig config, Store store, Supplier<Node> node, Supplier<Collection<Node>> cluster,
                                    Supplier<Collection<RunningWorker>> workers, CarbonIntensitySource intensity, IdleWatch idle,
                                    InstantSource clock) {
        EnergySettings settings = config.energy();
        NodePower power = NodePower.local(settings.nodePower(), clock);
        ProcStat stat = new ProcStat(ProcStat.PATH);
        return new EnergyMeter(store, power, gpuShares(power, WorkerProcesses.local()), new IdleBaseline(power.model()),
                new EnergyAttribution(settings.idlePolicy()), stat::read, node, cluster, workers, intensity, settings, clock, PERSIST_EVERY, idle);
    }

    /**
     * The running attempts' memory on each GPU, where the node has {@code nvidia-smi}: one query of its
     * compute processes, and one read of each such process's environment to learn its attempt
     * ({@link WorkerProcesses}). {@link GpuShares#NONE} where it has not.
     */
    public static GpuShares gpuShares(NodePower power, WorkerProcesses processes) {
        return power.gpus().<GpuShares>map(gpus -> running -> {
            Map<Long, Optional<AttemptId>> seen = new HashMap<>(); // a process on several GPUs is listed once for each
            return gpus.shares(pid -> seen.computeIfAbsent(pid, p -> processes.attemptOf(p).filter(running::contains)));
        }).orElse(GpuShares.NONE);
    }

    /**
     * The forecast that jobs with {@code spec.schedule} are deferred by: a region's forecast file where one is given,
     * else {@code measured}, the server's intensity sources, foreseen as {@code --carbon-forecast} says.
     */
    public static Forecast forecast(EnergySettings settings, CarbonIntensitySource measured) {
        Forecast foreseen = settings.forecast().over(measured);
        Map<String, Forecast> files = new HashMap<>();
        settings.forecastFiles().forEach((region, file) -> files.put(region, Forecasts.fromFile(read("--carbon-forecast-file", region, file))));
        return (region, now, from, to) -> files.getOrDefault(region, foreseen).hourly(region, now, from, to);
    }

    /**
     * Each region's Electricity Maps zone where the API is asked for it (a failing answer falls through,
     * logged), then its series where a file gives one, then the static values; a file that cannot be
     * read, or an API without its key, stops the server, naming what is wrong.
     */
    public static CarbonIntensitySource intensity(Map<String, Double> statics, EnergySettings settings, Map<String, String> environment,
                                                  InstantSource clock) {
        List<CarbonIntensitySource> sources = new ArrayList<>();
        if (!settings.intensityZones().isEmpty()) {
            String key = environment.getOrDefault(ElectricityMapsApi.API_KEY_VARIABLE, "");
            if (key.isBlank()) {
                throw new IllegalArgumentException("--carbon-intensity-api: set " + ElectricityMapsApi.API_KEY_VARIABLE
                        + " to your Electricity Maps API key");
            }
            ElectricityMapsApi api = new ElectricityMapsApi(ElectricityMapsApi.Config.of(key), HttpClient.newHttpClient(), clock);
            settings.intensityZones().forEach((region, zone) -> sources.add(new Zone(region, zone, api)));
        }
        settings.intensityFiles().forEach((region, file) -> sources.add(new OneRegion(region, read("--carbon-intensity-file", region, file))));
        sources.add(new StaticIntensity(statics));
        return CarbonIntensitySource.inOrder(sources);
    }

    /** The file's series, answering for {@code region} whatever zone the file names (REGION=FILE maps a node region to it). */
    private static IntensitySeries read(String flag, String region, Path file) {
        try {
            return IntensityCsv.parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8), EmissionFactor.LIFECYCLE)
                    .forRegion(region);
        } catch (IOException e) {
            throw new UncheckedIOException(flag + " " + region + "=" + file + ": cannot read it (" + e.getMessage() + ")", e);
        } catch (IllegalArgumentException | LeptonException e) {
            throw new IllegalArgumentException(flag + " " + region + "=" + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A region answered by a zone of another source; a failure (the API down, over its rate) is
     * logged once per kind and answers empty, so that the next source, or the world average, stands in.
     */
    static final class Zone implements CarbonIntensitySource {
        private static final Logger log = LoggerFactory.getLogger(Zone.class);
        private final String region;
        private final String zone;
        private final CarbonIntensitySource source;
        private volatile String lastFailure = "";

        Zone(String region, String zone, CarbonIntensitySource source) {
            this.region = region;
            this.zone = zone;
            this.source = source;
        }

        @Override
        public Optional<Intensity> intensity(String asked, Instant at) {
            if (!asked.equals(region)) {
                return Optional.empty();
            }
            try {
                return source.intensity(zone, at);
            } catch (RuntimeException e) {
                failed(e);
                return Optional.empty();
            }
        }

        @Override
        public List<HourlyIntensity> hourly(String asked, Instant from, Instant to) {
            if (!asked.equals(region)) {
                return List.of();
            }
            try {
                return source.hourly(zone, from, to);
            } catch (RuntimeException e) {
                failed(e);
                return List.of();
            }
        }

        private void failed(RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            if (!message.equals(lastFailure)) {
                lastFailure = message;
                log.atWarn().setMessage("carbon intensity source failed; the next source answers until it recovers")
                        .addKeyValue("region", region).addKeyValue("zone", zone).addKeyValue("error", message).log();
            }
        }
    }

    /** A series that answers for one region only: the series itself answers for any. */
    private record OneRegion(String region, IntensitySeries series) implements CarbonIntensitySource {
        @Override
        public Optional<Intensity> intensity(String asked, Instant at) {
            return asked.equals(region) ? series.intensity(asked, at) : Optional.empty();
        }

        @Override
        public List<HourlyIntensity> hourly(String asked, Instant from, Instant to) {
            return asked.equals(region) ? series.hourly(asked, from, to) : List.of();
        }
    }
}
