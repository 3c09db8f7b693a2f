package dev.lepton.bench;

import dev.lepton.core.carbon.StaticIntensity;
import dev.lepton.core.energy.EnergyAttribution;
import dev.lepton.core.energy.IdleBaseline;
import dev.lepton.core.energy.IdlePolicy;
import dev.lepton.core.energy.NodePowerProfile;
import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.Usage;
import dev.lepton.core.node.Node;
import dev.lepton.core.resource.Resources;
import dev.lepton.node.power.NodePower;
import dev.lepton.node.power.ProcStat;
import dev.lepton.node.process.WorkerProcesses;
import dev.lepton.server.energy.EnergyMeter;
import dev.lepton.server.energy.EnergyMeters;
import dev.lepton.server.energy.EnergySettings;
import dev.lepton.server.energy.IdleWatch;
import dev.lepton.server.scheduler.RunningWorker;
import dev.lepton.store.Store;
import dev.lepton.store.StoreConfig;
import dev.lepton.testing.FakeClock;
import dev.lepton.testing.TestNodes;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The energy meter's cost (issue 13, acceptance 5): N running workers sampled every second of
 * simulated time for an hour, each sample read from this host's real power source (the model over
 * {@code /proc/stat} here), attributed, priced and accrued, and written to a real SQLite ledger every
 * minute. Prints the CPU time the sampling thread spent per sample (so the share of one core at one
 * sample a second) and the store commits the ledger made.
 *
 * <p>Usage: {@code EnergyMeterBenchmark [workers] [minutes]} (default 500, 60).
 */
public final class EnergyMeterBenchmark {
    private EnergyMeterBenchmark() {}

    public static void main(String[] args) throws Exception {
        int workers = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        Path dir = Files.createTempDirectory("lepton-energy-meter");
        FakeClock clock = new FakeClock();
        Node node = TestNodes.node("n1").cpus(workers + 8).memory((workers + 8) + "GiB").build();
        List<RunningWorker> running = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            running.add(new RunningWorker(new AttemptId("job-" + i, 1, 0), "p" + (i % 10), "job-" + i, "default", node.name(),
                    new Resources(1_000, 1L << 30, 0), List.of()));
        }
        NodePower power = NodePower.local(NodePowerProfile.NONE, clock);
        ProcStat stat = new ProcStat(ProcStat.PATH);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (Store store = Store.open(StoreConfig.sqlite(dir.resolve("lepton.db")))) {
            EnergyMeter meter = new EnergyMeter(store, power, EnergyMeters.gpuShares(power, WorkerProcesses.local()),
                    new IdleBaseline(power.model()), new EnergyAttribution(IdlePolicy.BY_ALLOCATION), stat::read, () -> node, () -> List.of(node),
                    () -> running,
                    new StaticIntensity(Map.of("local", 200.0)), EnergySettings.DEFAULTS, clock, EnergyMeters.PERSIST_EVERY,
                    new IdleWatch(IdleWatch.Settings.DEFAULTS, Map::of, idle -> { }));
            Map<AttemptId, Usage> usage = new HashMap<>();
            int warmup = 600;
            var process = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpuStart = 0;
            long processStart = 0;
            long commitsStart = 0;
            int samples = warmup + minutes * 60;
            for (int s = 0; s < samples; s++) {
                if (s == warmup) {
                    cpuStart = threads.getCurrentThreadCpuTime();
                    processStart = process.getProcessCpuTime();
                    commitsStart = store.commitStats().commits();
                }
                for (RunningWorker w : running) {
                    usage.put(w.attempt(), new Usage(s * 0.5, 1L << 28));
                }
                meter.sample(Map.copyOf(usage));
                clock.advance(Duration.ofSeconds(1));
            }
            long cpuNanos = threads.getCurrentThreadCpuTime() - cpuStart;
            long processNanos = process.getProcessCpuTime() - processStart;
            long commits = store.commitStats().commits() - commitsStart;
            double perSample = cpuNanos / 1e6 / (minutes * 60.0);
            double processPerSample = processNanos / 1e6 / (minutes * 60.0);
            // The sampling thread's own time; the whole process's adds the store's writer thread, GC and the JIT.
            System.out.printf(Locale.ROOT, "| %d running workers, 1 sample/s for %d min (after %d warm-up samples) | %.3f ms CPU per sample "
                    + "= %.2f%% of one core | whole process %.3f ms = %.2f%% | %d ledger commits (%.2f per minute) |%n", workers, minutes,
                    warmup, perSample, perSample / 10, processPerSample, processPerSample / 10, commits, commits / (double) minutes);
        }
    }
}
