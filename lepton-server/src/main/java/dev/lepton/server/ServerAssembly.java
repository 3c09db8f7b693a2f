package dev.lepton.server;

import dev.lepton.core.execution.Executor;
import dev.lepton.core.node.Node;
import dev.lepton.core.node.NodeSource;
import dev.lepton.core.placement.Placement;
import dev.lepton.core.queue.Queue;
import dev.lepton.node.probe.NodeProbe;
import dev.lepton.node.probe.NodeUtilization;
import dev.lepton.node.probe.NvidiaSmi;
import dev.lepton.server.auth.Authenticator;
import dev.lepton.server.auth.Bootstrap;
import dev.lepton.server.users.UserRoutes;
import dev.lepton.server.audit.AuditRoutes;
import dev.lepton.server.code.CodeRoutes;
import dev.lepton.server.code.CodeStore;
import dev.lepton.core.carbon.CarbonIntensitySource;
import dev.lepton.server.energy.EnergyMeter;
import dev.lepton.server.energy.EnergyMeters;
import dev.lepton.server.deployments.DeploymentController;
import dev.lepton.server.deployments.DeploymentRoutes;
import dev.lepton.server.deployments.EndpointHandler;
import dev.lepton.server.deployments.EndpointRoutes;
import dev.lepton.server.deployments.ModelServerCommand;
import dev.lepton.server.energy.EnergyRoutes;
import dev.lepton.server.gateway.GatewayConfig;
import dev.lepton.server.gateway.GatewayConnector;
import dev.lepton.server.gateway.GatewayProxy;
import dev.lepton.server.energy.IdleWatch;
import dev.lepton.server.http.PriorKnowledgeH2c;
import dev.lepton.server.http.ProblemErrorHandler;
import dev.lepton.server.http.Problems;
import dev.lepton.server.http.Route;
import dev.lepton.server.http.RouteTable;
import dev.lepton.server.http.SystemRoutes;
import dev.lepton.server.jobs.JobDeletion;
import dev.lepton.server.jobs.ArrayService;
import dev.lepton.server.jobs.DependencyStates;
import dev.lepton.server.jobs.DryRunEstimate;
import dev.lepton.server.jobs.JobRoutes;
import dev.lepton.server.jobs.JobService;
import dev.lepton.server.jobs.WorkerImages;
import dev.lepton.server.metrics.Metrics;
import dev.lepton.server.nodes.NodeRoutes;
import dev.lepton.server.nodes.NodeMonitor;
import dev.lepton.server.nodes.NodeRegistry;
import dev.lepton.server.queues.QueueRoutes;
import dev.lepton.server.queues.QuotaBook;
import dev.lepton.server.retention.Retention;
import dev.lepton.server.scheduler.Cluster;
import dev.lepton.server.scheduler.JobWatchers;
import dev.lepton.server.scheduler.SchedulerConfig;
import dev.lepton.server.scheduler.SchedulerLoop;
import dev.lepton.server.usage.LiveUsage;
import dev.lepton.server.usage.UsageRoutes;
import dev.lepton.store.Store;
import dev.lepton.store.StoreConfig;
import io.javalin.Javalin;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import oshi.SystemInfo;

/**
 * Wires the server by hand, in dependency order: store → node and executor → scheduler loop →
 * services → HTTP. Start order: migrate, register the node, open HTTP (readyz answers 503), recover
 * live jobs in the loop, then ready.
 */
public final class ServerAssembly implements AutoCloseable {
    private final ServerConfig config;
    private final HomeLock lock;
    private final Store store;
    private final Execution execution;
    private final Executor executor;
    private final SchedulerLoop loop;
    private final NodeSource nodeSource;
    private final NodeMonitor monitor;
    private final Retention retention;
    private final DeploymentController deployments;
    private final GatewayProxy gateway;
    private final Javalin http;
    private final List<Route> routes;

    /**
     * Takes the home's lock before anything else, so that a second server on the same home touches
     * neither its database nor its {@code credentials}: it throws {@link HomeLock.HomeInUseException}.
     */
    public ServerAssembly(ServerConfig config, InstantSource clock) {
        this(config, clock, HomeLock.acquire(config.home()));
    }

    private ServerAssembly(ServerConfig config, InstantSource clock, HomeLock lock) {
        this.config = config;
        this.lock = lock;
        this.store = Store.open(config.databaseUrl().map(StoreConfig::of).orElse(StoreConfig.sqlite(config.home().resolve("lepton.db"))));
        ensureDefaultQueue(store, clock);
        SystemInfo system = new SystemInfo();
        var nvidia = NvidiaSmi.locate();
        NodeRegistry nodes = new NodeRegistry(store, clock);
        Node node = config.node().applyTo(new NodeProbe(system, nvidia).detect());
        this.execution = Execution.of(config, node, clock);
        this.executor = execution.executor();
        this.nodeSource = execution.nodes();
        // One executor serves every node: each node, joining now or later, is held and isolated as it says.
        nodeSource.start(current -> {
            current.forEach(n -> {
                nodes.recordEnforcement(n.name(), execution.enforcement());
                nodes.recordIsolation(n.name(), execution.isolation());
            });
            nodes.update(current);
        });
        CodeStore code = new CodeStore(config.home().resolve("code"), CodeStore.DEFAULT_MAX_BYTES);
        JobWatchers watchers = new JobWatchers();
        QuotaBook quotas = new QuotaBook(store);
        Placement placement = Placement.standard();
        CarbonIntensitySource intensity = EnergyMeters.intensity(config.carbonIntensity(), config.energy(), System.getenv(), clock);
        this.loop = new SchedulerLoop(store, executor, placement, new Cluster(nodes::nodes), quotas::tree, clock, watchers,
                new SchedulerConfig(config.stopGrace(), config.policy(), intensity, config.limits(),
                        EnergyMeters.forecast(config.energy(), intensity)));
        LiveUsage usage = new LiveUsage(store, clock, LiveUsage.PERSIST_EVERY);
        IdleWatch idle = new IdleWatch(IdleWatch.Settings.DEFAULTS, () -> nodes.usage(node.name()).map(IdleWatch::gpuUse).orElse(Map.of()),
                flagged -> IdleWatch.record(store, flagged, clock.instant()));
        EnergyMeter energy = EnergyMeters.local(config, store, () -> nodes.nodes().stream().filter(n -> n.name().equals(node.name()))
                .findFirst().orElse(node), nodes::nodes, loop::runningWorkers, intensity, idle, clock);
        this.monitor = new NodeMonitor(nodes, new NodeUtilization(system, nvidia), execution.usage(), execution.energy(), usage, energy,
                config.sampleInterval());
        WorkerImages images = WorkerImages.of(executor);
        JobService jobs = new JobService(store, loop, watchers, usage, clock, () -> UUID.randomUUID().toString(), code::has, images);
        JobDeletion deletion = new JobDeletion(store, execution.cleanup(), clock);
        this.retention = new Retention(config.retention(), store, deletion, execution.cleanup(), clock);
        ArrayService arrays = new ArrayService(store, loop, watchers, clock, () -> UUID.randomUUID().toString());
        Metrics metrics = new Metrics(store, nodes, usage, energy);
        this.gateway = new GatewayProxy(GatewayConfig.DEFAULTS);
        Optional<ModelServerCommand> modelServer = ModelServerCommand.current();
        modelServer.ifPresent(ModelServerCommand::prepareArchive);
        this.deployments = new DeploymentController(store, jobs, executor, execution.logs(), clock, modelServer,
                metrics.registry(), energy::footprintOf);
        AtomicReference<List<Route>> registered = new AtomicReference<>();
        Authenticator authenticator = new Authenticator(store, clock);
        // In front of Javalin's servlet handler: the gateway's proxied requests never become servlet requests.
        EndpointHandler endpoints = new EndpointHandler(deployments, gateway, authenticator, config.maxRequestBytes());
        this.http = Javalin.create(javalin -> {
            javalin.concurrency.useVirtualThreads = true;
            javalin.jetty.threadPool = httpThreads();
            javalin.http.maxRequestSize = config.maxRequestBytes();
            javalin.http.prefer405over404 = true;
            javalin.startup.showJavalinBanner = false;
            // One connector for HTTP/1.1, whose plain gateway requests are relayed to replicas as they come (GatewayConnector),
            // and HTTP/2 cleartext by prior knowledge (PriorKnowledgeH2c); it replaces Javalin's own. One selector per two
            // cores, Jetty's default: two on two cores, as nginx's two workers, cost the relay more CPU per request than one
            // (docs/benchmarks.md, Gateway overhead, seventh sitting).
            javalin.jetty.addConnector((server, http) -> {
                ServerConnector connector = new GatewayConnector(server, 0, http, endpoints, gateway.config(), config.maxRequestBytes(),
                        new PriorKnowledgeH2c(http));
                connector.setHost(config.host());
                connector.setPort(config.port());
                return connector;
            });
            javalin.jetty.modifyServer(server -> {
                server.setErrorHandler(new ProblemErrorHandler());
                server.setHandler(endpoints);
            });
            Problems.register(javalin.routes);
            // What a route left of a request's body is read before the answer is sent: closing a connection with unread
            // input makes TCP reset it, and a reset can take the answer with it (GeneratedProbeTest saw a GET's body do it).
            javalin.routes.after(ctx -> drainRequest(ctx, config.maxRequestBytes()));
            RouteTable table = new RouteTable(javalin.routes, authenticator, store, clock, config.limits().requestsPerSecond());
            SystemRoutes.register(table, loop::isRecovered);
            new JobRoutes(jobs, arrays, new DependencyStates(store), execution.logs(), deletion,
                    uid -> EnergyRoutes.energy(energy.footprintOf(uid), energy.sourcesOf(uid)),
                    new DryRunEstimate(loop, energy, intensity)).register(table);
            new NodeRoutes(store, nodes, loop, clock).register(table);
            new CodeRoutes(code, store, clock).register(table);
            new QueueRoutes(store, quotas, clock, loop::wake).register(table);
            new UserRoutes(store, authenticator, clock).register(table);
            new AuditRoutes(store).register(table);
            new UsageRoutes(store, clock).register(table);
            new EnergyRoutes(store, clock, nodes::nodes, intensity, config.energy().pue(), energy).register(table);
            new DeploymentRoutes(store, deployments, clock, code::has, images).register(table);
            new EndpointRoutes(deployments, gateway, authenticator).register(table);
            metrics.register(table, isLoopback(config.host()));
            registered.set(table.registered());
        });
        this.routes = registered.get();
        http.start();
        lock.listening(port());
        Bootstrap.ensureAdmin(store, config.credentials(), url(), clock);
        HomePermissions.restrict(config.home(), execution.workersPassThroughHome());
        nodes.onChange(loop::wake);
        loop.start();
        monitor.start();
        retention.start();
        deployments.start();
    }

    /**
     * Jetty's threads: its selectors and acceptor on platform threads, each request that may block (every servlet request,
     * so every Javalin route) on a virtual thread of its own ({@link EndpointHandler}). Javalin's own pool for
     * {@code useVirtualThreads} runs everything on virtual threads, the selectors included, and cannot take a task on the
     * thread that produced it (it is not a {@link org.eclipse.jetty.util.thread.TryExecutor}), so every wake-up of a
     * selector was a virtual thread's.
     *
     * <p>A proxied request ends on the gateway client's thread that relayed the answer's last bytes, and the client's
     * connection then has to be read again (for its next request): Jetty asks the pool to run that, and a thread woken for
     * it cost about a quarter of the gateway's CPU per request at 32 connections (docs/benchmarks.md, Gateway overhead,
     * fifth sitting). The gateway's thread, which never blocks, reads it itself.
     */
    static QueuedThreadPool httpThreads() {
        QueuedThreadPool threads = new QueuedThreadPool() {
            @Override
            public void execute(Runnable job) {
                if (job instanceof Connection && GatewayProxy.onClientThread()) {
                    job.run();
                } else {
                    super.execute(job);
                }
            }
        };
        threads.setName("http");
        threads.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("http-request-"));
        return threads;
    }

    /** Reads what is left of the request's body, up to {@code limit} bytes: beyond that the connection closes as it would have. */
    private static void drainRequest(io.javalin.http.Context ctx, long limit) {
        try {
            java.io.InputStream in = ctx.req().getInputStream();
            byte[] buffer = new byte[8_192];
            for (long read = 0; read < limit; ) {
                int n = in.read(buffer);
                if (n < 0) {
                    return;
                }
                read += n;
            }
        } catch (java.io.IOException | RuntimeException e) {
            // Nothing left to read, or the client went away.
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static void ensureDefaultQueue(Store store, InstantSource clock) {
        store.write(tx -> tx.queues().find(Queue.DEFAULT).orElseGet(() ->
                tx.queues().insert(Queue.unlimited(Queue.DEFAULT, "the queue jobs go to unless they name another", clock.instant()))));
    }

    public int port() {
        return http.port();
    }

    public String url() {
        String host = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
        return "http://" + host + ":" + port();
    }

    /** Every route, with the access it needs; for the API document and access-matrix tests. */
    public List<Route> routes() {
        return routes;
    }

    public Store store() {
        return store;
    }

    /** The retention task, for tests that sweep now rather than wait for its interval. */
    public Retention retention() {
        return retention;
    }

    /** Stops serving and scheduling. Workers keep running; the next start re-adopts them. */
    @Override
    public void close() {
        http.stop();
        deployments.close();
        gateway.close();
        retention.close();
        monitor.close();
        nodeSource.close();
        loop.close();
        executor.close();
        store.close();
        lock.close();
    }
}
