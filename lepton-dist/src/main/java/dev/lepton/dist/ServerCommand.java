package dev.lepton.dist;

import dev.lepton.core.carbon.ForecastKind;
import dev.lepton.cli.CliFailure;
import dev.lepton.cli.ExitCode;
import dev.lepton.core.energy.IdlePolicy;
import dev.lepton.core.energy.NodePowerProfile;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.core.node.Node;
import dev.lepton.core.node.NodeSettings;
import dev.lepton.core.node.Taint;
import dev.lepton.core.node.Tier;
import dev.lepton.core.resource.Quantities;
import dev.lepton.kubernetes.ClusterUnavailableException;
import dev.lepton.kubernetes.KubernetesConfig;
import dev.lepton.kubernetes.PodBinding;
import dev.lepton.node.process.LocalExecutorConfig;
import dev.lepton.server.ExecutorChoice;
import dev.lepton.server.HomeLock;
import dev.lepton.server.ServerAssembly;
import dev.lepton.server.ServerConfig;
import dev.lepton.server.energy.EnergySettings;
import dev.lepton.server.limits.TenantLimits;
import dev.lepton.server.retention.RetentionConfig;
import dev.lepton.slurm.node.SlurmGresMap;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

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

    @Option(names = "--node-label", paramLabel = "KEY=VALUE", description = "label on this machine's node, for jobs' nodeSelector; repeatable")
    Map<String, String> nodeLabels = Map.of();

    @Option(names = "--node-taint", paramLabel = "KEY=VALUE", description = "taint: only jobs that tolerate it run here; repeatable")
    List<String> nodeTaints = List.of();

    @Option(names = "--node-tier", paramLabel = "TIER", description = "datacenter (default) or edge")
    String nodeTier = "datacenter";

    @Option(names = "--node-region", paramLabel = "REGION", description = "grid region of this machine's power, for carbon intensity (default: local)")
    String nodeRegion = Node.DEFAULT_REGION;

    @Option(names = "--node-price", paramLabel = "DOLLARS", description = "what this machine costs per hour, for cost scoring (default: 0)")
    double nodePrice;

    @Option(names = "--retention", paramLabel = "DURATION",
            description = "how long a job is kept after it ended, with its events and logs, e.g. 7d, 12h; 'forever' keeps all (default: 30d)")
    String retention;

    @Option(names = "--max-log-size", paramLabel = "SIZE",
            description = "a running worker's log longer than this is cut to its tail, e.g. 1GiB (default: 64MiB, at least 64KiB)")
    String maxLogSize;

    @Option(names = "--rate-limit", paramLabel = "PER_SECOND",
            description = "requests per second one token may make, with bursts of 4 seconds' worth; cluster admins are not limited; 0: no limit (default: 50)")
    double rateLimit = TenantLimits.DEFAULTS.requestsPerSecond();

    @Option(names = "--max-submitted-jobs-per-user", paramLabel = "N",
            description = "jobs one user may have queued or running; past it a submission is refused (429); 0: no limit (default: 10000)")
    int submittedPerUser = TenantLimits.DEFAULTS.submittedPerUser();

    @Option(names = "--max-submitted-jobs-per-project", paramLabel = "N",
            description = "jobs one project may have queued or running, all its users together; 0: no limit (default)")
    int submittedPerProject = TenantLimits.DEFAULTS.submittedPerProject();

    @Option(names = "--max-running-jobs-per-user", paramLabel = "N",
            description = "jobs of one user that may run at once; the rest wait in their queue (job-limit); 0: no limit (default)")
    int runningPerUser = TenantLimits.DEFAULTS.runningPerUser();

    @Option(names = "--max-running-jobs-per-project", paramLabel = "N",
            description = "jobs of one project that may run at once; 0: no limit (default)")
    int runningPerProject = TenantLimits.DEFAULTS.runningPerProject();

    @Option(names = "--node-power", paramLabel = "cpu=IDLE..MAX,gpu=IDLE..MAX",
            description = "this machine's power range in watts (cpu: all packages; gpu: each GPU), for what nothing measures "
                    + "(default: the bundled table of known CPUs and GPUs)")
    String nodePower;

    @Option(names = "--idle-power", paramLabel = "POLICY",
            description = "by-allocation (default): idle power is shared by the jobs holding the machine; unattributed: it stays the node's")
    String idlePower = "by-allocation";

    @Option(names = "--pue", paramLabel = "RATIO", description = "the data centre's power usage effectiveness, 1 or more (default: 1.0)")
    double pue = EnergySettings.DEFAULTS.pue();

    @Option(names = "--energy-price", paramLabel = "DOLLARS", description = "what a kWh costs, on top of --node-price (default: 0)")
    double energyPrice;

    @Option(names = "--carbon-intensity-file", paramLabel = "REGION=FILE",
            description = "an hourly carbon intensity series for a region, an Electricity Maps CSV export; repeatable")
    Map<String, Path> intensityFiles = Map.of();

    @Option(names = "--carbon-intensity-api", paramLabel = "REGION=ZONE",
            description = "ask the Electricity Maps API for a region's intensity, as ZONE (e.g. local=ES); the key from $ELECTRICITYMAPS_API_KEY; repeatable")
    Map<String, String> intensityZones = Map.of();

    @Option(names = "--carbon-forecast", paramLabel = "KIND",
            description = "how jobs with spec.schedule foresee the grid's intensity: weekly (default: the mean of the same hour "
                    + "over the last 7 days), persistence (the value 24 h earlier) or perfect (the series itself, for what-if on a past series)")
    String carbonForecast = "weekly";

    @Option(names = "--carbon-forecast-file", paramLabel = "REGION=FILE",
            description = "an hourly carbon intensity forecast for a region, in the CSV format of --carbon-intensity-file; repeatable")
    Map<String, Path> forecastFiles = Map.of();

    @Option(names = "--isolation", paramLabel = "LEVEL",
            description = "the most isolation workers get, where the host allows it: sandbox (default), project-user or none")
    String isolation = LocalExecutorConfig.Isolation.SANDBOX.label();

    @Option(names = "--executor", paramLabel = "KIND",
            description = "what runs the workers: local (default: processes on this machine), slurm (one batch job per gang, on "
                    + "--slurm-partition's nodes) or kubernetes (a pod per worker, on the cluster --kubeconfig names)")
    String executor = ExecutorChoice.Kind.LOCAL.label();

    @Option(names = "--slurm-partition", paramLabel = "PARTITION", description = "the Slurm partition whose nodes run the workers, with --executor slurm")
    String slurmPartition;

    @Option(names = "--slurm-gres", paramLabel = "NAME[:TYPE]=RESOURCE", description = "a Slurm GRES (of one type, if given) whose "
            + "devices are the accelerator RESOURCE, e.g. gpu:mi300x=amd.com/gpu or gaudi=habana.ai/gaudi, with --executor slurm; repeatable "
            + "(default: gpu=nvidia.com/gpu)")
    List<String> slurmGres = List.of();

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "the cluster's kubeconfig, with --executor kubernetes "
            + "(default: $KUBECONFIG, then ~/.kube/config, then the in-cluster service account)")
    Path kubeconfig;

    @Option(names = "--namespace", paramLabel = "NS", description = "where the workers' pods go, with --executor kubernetes "
            + "(default: the kubeconfig's, else default)")
    String namespace;

    @Option(names = "--kubernetes-binding", paramLabel = "HOW", description = "how a worker's pod is bound to its node, with --executor "
            + "kubernetes: node-name (default: spec.nodeName, on any cluster) or binding (made for scheduler lepton, then bound through "
            + "the pods/binding subresource, which Lepton's role must be allowed)")
    String kubernetesBinding;

    @Option(names = "--prometheus-url", paramLabel = "URL", description = "the cluster's Prometheus, with --executor kubernetes: workers' "
            + "energy measured from Kepler's and the DCGM exporter's metrics where it has them (default: modelled from each node's power "
            + "model)")
    String prometheusUrl;

    @Spec
    CommandSpec spec;

    /** Which flag sets each field of {@link NodeSettings}, to name it when a value is refused. */
    private static final Map<String, String> NODE_FLAGS = Map.of("labels", "--node-label", "region", "--node-region",
            "pricePerHour", "--node-price");

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig config;
        try {
            config = ServerConfig.defaults(resolveHome()).withPort(port).withHost(host)
                    .withDatabaseUrl(Optional.ofNullable(databaseUrl)).withPolicy(policy).withCarbonIntensity(carbonIntensity)
                    .withNode(nodeSettings()).withRetention(retention()).withLimits(new TenantLimits(rateLimit, submittedPerUser, submittedPerProject, runningPerUser, runningPerProject))
                    .withEnergy(energy()).withIsolation(flag("--isolation", isolation, LocalExecutorConfig.Isolation::ofLabel))
                    .withExecutor(new ExecutorChoice(flag("--executor", executor, ExecutorChoice.Kind::ofLabel), Optional.ofNullable(slurmPartition),
                            Optional.ofNullable(kubeconfig), Optional.ofNullable(namespace),
                            Optional.ofNullable(kubernetesBinding).map(b -> flag("--kubernetes-binding", b, PodBinding::ofLabel)),
                            Optional.ofNullable(prometheusUrl).map(ServerCommand::prometheusUrl), SlurmGresMap.parse(slurmGres)));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        ServerAssembly server;
        try {
            server = new ServerAssembly(config, Clock.tick(Clock.systemUTC(), Duration.ofMillis(1)));
        } catch (HomeLock.HomeInUseException e) {
            throw new CliFailure(ExitCode.FAILED, e.getMessage());
        } catch (IllegalArgumentException | java.io.UncheckedIOException | LeptonException | ClusterUnavailableException e) {
            // A setting only the start can check (a carbon intensity file that does not parse, a Slurm partition
            // that does not exist, a Slurm that does not answer): one line naming it.
            throw new CliFailure(ExitCode.USAGE, e.getMessage());
        }
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

    /** {@code --prometheus-url}, checked as {@link KubernetesConfig} checks it: an absolute http or https URL. */
    private static URI prometheusUrl(String text) {
        return KubernetesConfig.defaults().withPrometheus(text).prometheus().orElseThrow();
    }

    /** The node flags, each refusal naming its flag and value. */
    private NodeSettings nodeSettings() {
        Set<Taint> taints = new HashSet<>();
        for (String taint : nodeTaints) {
            taints.add(flag("--node-taint", taint, Taint::parse));
        }
        Tier tier = flag("--node-tier", nodeTier, Tier::parse);
        try {
            return new NodeSettings(nodeLabels, taints, tier, nodeRegion, nodePrice);
        } catch (IllegalArgumentException e) {
            String field = e.getMessage().substring(0, e.getMessage().indexOf(':'));
            throw new IllegalArgumentException(NODE_FLAGS.getOrDefault(field, field) + e.getMessage().substring(field.length()), e);
        }
    }

    /** The energy flags, each refusal naming its flag and value. */
    private EnergySettings energy() {
        NodePowerProfile profile;
        try {
            profile = nodePower == null ? NodePowerProfile.NONE : NodePowerProfile.parse(nodePower);
        } catch (LeptonException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        IdlePolicy idle = switch (idlePower.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "by-allocation" -> IdlePolicy.BY_ALLOCATION;
            case "unattributed" -> IdlePolicy.UNATTRIBUTED;
            default -> throw new IllegalArgumentException("--idle-power: by-allocation or unattributed (got '" + idlePower + "')");
        };
        return new EnergySettings(profile, idle, pue, energyPrice, intensityFiles, intensityZones,
                ForecastKind.of("--carbon-forecast", carbonForecast), forecastFiles);
    }

    /** {@code --retention} and {@code --max-log-size} over the defaults of {@link RetentionConfig}. */
    private RetentionConfig retention() {
        RetentionConfig config = RetentionConfig.DEFAULTS;
        if (retention != null) {
            config = config.withEndedJobs(retention.strip().equalsIgnoreCase("forever") ? Optional.empty()
                    : Optional.of(flag("--retention", retention, Quantities::parseDuration)));
        }
        if (maxLogSize != null) {
            config = config.withMaxLogBytes(flag("--max-log-size", maxLogSize, Quantities::parseBytes));
        }
        return config;
    }

    private static <T> T flag(String name, String text, Function<String, T> parse) {
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage() + " (got '" + text + "')", e);
        }
    }

    private Path resolveHome() {
        if (home != null) {
            return home;
        }
        String env = System.getenv("LEPTON_HOME");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".lepton");
    }
}
