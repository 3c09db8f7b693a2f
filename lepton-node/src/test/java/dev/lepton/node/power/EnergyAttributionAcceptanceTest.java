package dev.lepton.node.power;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lepton.core.energy.Attribution;
import dev.lepton.core.energy.AttemptActivity;
import dev.lepton.core.energy.ComponentKind;
import dev.lepton.core.energy.ComponentReading;
import dev.lepton.core.energy.EnergyAttribution;
import dev.lepton.core.energy.IdleBaseline;
import dev.lepton.core.energy.IdlePolicy;
import dev.lepton.core.energy.NodeInterval;
import dev.lepton.core.energy.NodePowerProfile;
import dev.lepton.core.energy.PowerModel;
import dev.lepton.core.energy.Provenance;
import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.node.GpuDevice;
import dev.lepton.core.resource.Resources;
import dev.lepton.node.probe.NvidiaSmi;
import dev.lepton.testing.FakeClock;
import dev.lepton.testing.FakeNvidiaSmiFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13, acceptance point 1: a node whose power is known because we make it. A fake powercap
 * tree (a package zone whose counter wraps several times, its DRAM subzone, and zones that must not be
 * counted: {@code core}, {@code psys}, {@code intel-rapl-mmio}) and a fake {@code nvidia-smi} answering
 * from files are driven by a synthetic load for 6 simulated minutes: four attempts whose CPU use
 * changes every 30 s, one of which comes and goes; two GPUs held exclusively, one shared by two
 * attempts' processes; system processes besides. The truth follows from the load's physics:
 *
 * <ul>
 *   <li>package = 20 W + per busy core 10 W (A), 11 W (B), 9.5 W (C), 10.5 W (D), 10 W (system):
 *       workloads differ, so CPU-time share is close to, not exactly, each one's active power;
 *   <li>DRAM = 4 W + per busy core 1.2 W (A, memory-heavy) or 0.7 W (others), 0.5 W (system);
 *   <li>an exclusive GPU's power is its holder's; on the shared GPU each process draws 6.12 (C) or
 *       5.88 (D) W per GiB it holds, the GPU's 50 W idle split by memory: memory is a good, not a
 *       perfect, proxy;
 *   <li>idle (20 W package, 4 W DRAM) belongs to attempts by allocation share, as {@link IdlePolicy#BY_ALLOCATION} says.
 * </ul>
 *
 * Checked: attempts plus idle and system add up to the node's true energy within 0.5%, and each
 * attempt's attributed power is within 2 W RMSE of its truth per interval. Run once with no power
 * profile (idle from the running minimum) and once with the package's idle given.
 */
class EnergyAttributionAcceptanceTest {
    private static final Duration STEP = Duration.ofSeconds(5);
    private static final int STEPS = 72;
    private static final long GIB = 1L << 30;
    private static final double PACKAGE_IDLE = 20;
    private static final double DRAM_IDLE = 4;
    private static final Resources NODE = new Resources(8_000, 64 * GIB, 3);

    record Worker(AttemptId id, String name, long pid, int cores, long memoryGib, double cpuWattsPerCore, double dramWattsPerCore,
            int firstStep, int lastStep) {
        boolean runsAt(int step) {
            return step >= firstStep && step <= lastStep;
        }

        Resources allocation() {
            return new Resources(cores * 1000L, memoryGib * GIB, 0);
        }
    }

    private static final Worker A = new Worker(new AttemptId("train-a", 1, 0), "A", 1001, 2, 16, 10, 1.2, 0, STEPS - 1);
    private static final Worker B = new Worker(new AttemptId("train-b", 1, 0), "B", 1002, 2, 16, 11, 0.7, 0, STEPS - 1);
    private static final Worker C = new Worker(new AttemptId("serve-c", 1, 0), "C", 1003, 1, 8, 9.5, 0.7, 0, STEPS - 1);
    private static final Worker D = new Worker(new AttemptId("serve-d", 2, 0), "D", 1004, 1, 8, 10.5, 0.7, 12, 50);
    private static final List<Worker> WORKERS = List.of(A, B, C, D);

    @TempDir
    Path dir;

    private double previousBusy;

    @ParameterizedTest(name = "profile \"{0}\"")
    @ValueSource(strings = {"", "cpu=20..200"})
    void attempts_get_their_true_energy_and_nothing_is_lost(String profileText) throws IOException {
        FakeClock clock = new FakeClock();
        FakePowercap powercap = new FakePowercap(dir.resolve("powercap"))
                .zone("intel-rapl:0", "package-0", 2_000_000_000L, 1_950_000_000L)
                .zone("intel-rapl:0:0", "dram", 500_000_000L, 480_000_000L)
                .zone("intel-rapl:0:1", "core", 2_000_000_000L, 0)
                .zone("intel-rapl:1", "psys", 2_000_000_000L, 0)
                .zone("intel-rapl-mmio:0", "package-0", 2_000_000_000L, 0);
        FakeNvidiaSmiFiles smi = new FakeNvidiaSmiFiles(dir.resolve("smi")).devices("""
                0, GPU-00000000-aaaa, NVIDIA H100 80GB HBM3, 81559, 700.00
                1, GPU-11111111-bbbb, NVIDIA A100-SXM4-40GB, 40960, 400.00
                2, GPU-22222222-cccc, NVIDIA L40S, 46068, 350.00
                """);
        Path procStat = dir.resolve("stat");
        long[] ticks = {0, 0};
        writeProcStat(procStat, ticks);
        NodePowerProfile profile = profileText.isEmpty() ? NodePowerProfile.NONE : NodePowerProfile.parse(profileText);
        NvidiaSmi nvidiaSmi = new NvidiaSmi(smi.executable(), NvidiaSmi.DEFAULT_TIMEOUT);
        List<GpuDevice> gpus = nvidiaSmi.devices();
        PowerModel model = PowerModel.of(profile, NodePower.knownHardware(), "Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz", 16, gpus);
        NodePower power = NodePower.choose(powercap.root(), new ProcStat(procStat), Optional.of(nvidiaSmi), gpus, model, clock);
        IdleBaseline baseline = new IdleBaseline(model);
        EnergyAttribution attribution = new EnergyAttribution(IdlePolicy.BY_ALLOCATION);
        assertThat(power.cpuSource()).isEqualTo(ComponentReading.RAPL);

        SplittableRandom random = new SplittableRandom(13);
        Map<Worker, Double> busy = new LinkedHashMap<>();
        double systemBusy = 0.2;
        double gpu0Use = 0;
        double gpu1Use = 0;
        double nodeTruth = 0;
        int wraps = 0;
        Attribution total = Attribution.NONE;
        Map<Worker, List<Double>> squaredErrors = new LinkedHashMap<>();
        for (int step = 0; step < STEPS; step++) {
            if (step >= 4 && step % 6 == 0) { // the first 20 s are idle but for the system; then the load changes every 30 s
                WORKERS.forEach(w -> busy.put(w, random.nextInt(w.cores() * 10 + 1) / 10.0));
                systemBusy = random.nextInt(1, 6) / 10.0;
                gpu0Use = random.nextInt(21) / 20.0;
                gpu1Use = random.nextInt(21) / 20.0;
            }
            int now = step;
            List<Worker> running = WORKERS.stream().filter(w -> w.runsAt(now)).toList();
            Map<Worker, Double> cores = running.stream().collect(Collectors.toMap(w -> w, w -> busy.getOrDefault(w, 0.0)));
            long memC = step < 30 ? 20 : 30;
            long memD = 10;

            // The physics of the synthetic node over this step.
            double seconds = STEP.toSeconds();
            double packageWatts = PACKAGE_IDLE + 10 * systemBusy + running.stream().mapToDouble(w -> w.cpuWattsPerCore() * cores.get(w)).sum();
            double dramWatts = DRAM_IDLE + 0.5 * systemBusy + running.stream().mapToDouble(w -> w.dramWattsPerCore() * cores.get(w)).sum();
            double gpu0 = 70 + 530 * gpu0Use;
            double gpu1 = 80 + 300 * gpu1Use;
            double cDynamic = 6.12 * memC;
            double dDynamic = D.runsAt(step) ? 5.88 * memD : 0;
            double gpu2 = 50 + cDynamic + dDynamic;
            double nodeWatts = packageWatts + dramWatts + gpu0 + gpu1 + gpu2;
            nodeTruth += nodeWatts * seconds;

            Map<Worker, Double> truth = new LinkedHashMap<>();
            double memShared = memC + (D.runsAt(step) ? memD : 0);
            for (Worker w : running) {
                double watts = w.cpuWattsPerCore() * cores.get(w) + w.dramWattsPerCore() * cores.get(w)
                        + PACKAGE_IDLE * w.cores() / 8.0 + DRAM_IDLE * w.memoryGib() / 64.0;
                if (w == A) {
                    watts += gpu0;
                } else if (w == B) {
                    watts += gpu1;
                } else if (w == C) {
                    watts += cDynamic + 50 * memC / memShared;
                } else {
                    watts += dDynamic + 50 * memD / memShared;
                }
                truth.put(w, watts);
            }

            // The host as the node sees it after the step: counters, /proc/stat, nvidia-smi.
            clock.advance(STEP);
            wraps += powercap.consume("intel-rapl:0", packageWatts * seconds) ? 1 : 0;
            wraps += powercap.consume("intel-rapl:0:0", dramWatts * seconds) ? 1 : 0;
            powercap.consume("intel-rapl:0:1", 0.8 * packageWatts * seconds);
            powercap.consume("intel-rapl:1", 1.5 * nodeWatts * seconds);
            powercap.consume("intel-rapl-mmio:0", packageWatts * seconds);
            double busyCores = systemBusy + cores.values().stream().mapToDouble(Double::doubleValue).sum();
            ticks[0] += Math.round(busyCores * seconds * ProcStat.USER_HZ);
            ticks[1] += Math.round((8 - busyCores) * seconds * ProcStat.USER_HZ);
            writeProcStat(procStat, ticks);
            smi.usage(String.format(Locale.ROOT, "0, %d, 20480, %.2f%n1, %d, 10240, %.2f%n2, 60, %d, %.2f%n", Math.round(gpu0Use * 100), gpu0,
                    Math.round(gpu1Use * 100), gpu1, (long) memShared * 1024, gpu2));
            smi.apps("GPU-00000000-aaaa, 1001, 20480\nGPU-11111111-bbbb, 1002, 10240\nGPU-22222222-cccc, 1003, " + memC * 1024 + "\n"
                    + (D.runsAt(step) ? "GPU-22222222-cccc, 1004, " + memD * 1024 + "\n" : ""));

            // What the node computes from that.
            ProcStat.CpuTime cpuTime = new ProcStat(procStat).read();
            List<ComponentReading> readings = power.read();
            Map<AttemptId, Map<Integer, Double>> shares = power.gpus().orElseThrow().shares(pid -> WORKERS.stream()
                    .filter(w -> w.pid() == pid && w.runsAt(now)).map(Worker::id).findFirst());
            List<AttemptActivity> activities = new ArrayList<>();
            for (Worker w : running) {
                Map<Integer, Double> held = new LinkedHashMap<>(shares.getOrDefault(w.id(), Map.of()));
                if (w == A) {
                    held.putIfAbsent(0, 0.0); // held by placement, whether or not a process has started on it
                } else if (w == B) {
                    held.putIfAbsent(1, 0.0);
                } else {
                    held.putIfAbsent(2, 0.0);
                }
                activities.add(new AttemptActivity(w.id(), w.allocation(), cores.get(w) * seconds, held));
            }
            double nodeCpuSeconds = cpuTime.busySeconds() - previousBusy;
            previousBusy = cpuTime.busySeconds();
            Attribution split = attribution.attribute(new NodeInterval(STEP, baseline.apply(readings), NODE, nodeCpuSeconds, activities));
            total = total.plus(split);
            for (Worker w : running) {
                double attributedWatts = split.of(w.id()).total() / seconds;
                squaredErrors.computeIfAbsent(w, k -> new ArrayList<>()).add(Math.pow(attributedWatts - truth.get(w), 2));
            }
        }

        double attributed = total.attempts().values().stream().mapToDouble(j -> j.total()).sum();
        double sumError = Math.abs(attributed + total.unattributed().total() - nodeTruth) / nodeTruth;
        Map<String, Double> rmse = new LinkedHashMap<>();
        squaredErrors.forEach((w, errors) -> rmse.put(w.name(), Math.sqrt(errors.stream().mapToDouble(Double::doubleValue).average().orElseThrow())));
        System.out.printf(Locale.ROOT, "energy attribution, profile \"%s\": node %.1f J true, %.1f J read, sum error %.2e (relative), "
                        + "RAPL wraps %d, attributed %.1f J, idle %.1f J, system %.1f J, RMSE per attempt (W) %s%n",
                profileText, nodeTruth, total.node().total(), sumError, wraps, attributed, total.idle().total(), total.system().total(),
                rmse.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.3f", e.getKey(), e.getValue())).toList());

        assertThat(wraps).as("the package and DRAM counters wrapped").isGreaterThanOrEqualTo(3);
        assertThat(total.provenance()).containsEntry(ComponentKind.CPU_PACKAGE, Provenance.MEASURED)
                .containsEntry(ComponentKind.DRAM, Provenance.MEASURED)
                .containsEntry(ComponentKind.GPU, Provenance.MEASURED);
        assertThat(sumError).as("attempts + idle + system vs the node's true energy").isLessThan(0.005);
        assertThat(rmse).allSatisfy((name, watts) -> assertThat(watts).as("RMSE of attempt " + name).isLessThan(2.0));
        assertThat(total.of(D.id()).total()).as("D ran for 39 of 72 steps").isPositive();
    }

    private static void writeProcStat(Path file, long[] ticks) throws IOException {
        // user nice system idle iowait irq softirq steal guest guest_nice
        Files.writeString(file, "cpu  " + ticks[0] + " 0 0 " + ticks[1] + " 0 0 0 0 0 0\ncpu0 0 0 0 0 0 0 0 0 0 0\nintr 0\n");
    }
}
