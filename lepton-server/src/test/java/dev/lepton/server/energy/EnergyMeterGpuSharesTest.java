package dev.lepton.server.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lepton.core.carbon.StaticIntensity;
import dev.lepton.core.energy.EnergyAttribution;
import dev.lepton.core.energy.IdleBaseline;
import dev.lepton.core.energy.IdlePolicy;
import dev.lepton.core.energy.NodePowerProfile;
import dev.lepton.core.energy.PowerModel;
import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.Usage;
import dev.lepton.core.node.GpuDevice;
import dev.lepton.core.node.Node;
import dev.lepton.core.resource.Resources;
import dev.lepton.node.power.NodePower;
import dev.lepton.node.power.ProcStat;
import dev.lepton.node.probe.NvidiaSmi;
import dev.lepton.node.process.LocalProcessExecutor;
import dev.lepton.node.process.WorkerProcesses;
import dev.lepton.server.scheduler.RunningWorker;
import dev.lepton.store.Store;
import dev.lepton.store.StoreConfig;
import dev.lepton.testing.FakeClock;
import dev.lepton.testing.FakeNvidiaSmiFiles;
import dev.lepton.testing.TestNodes;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A three-GPU node metered for 10 s with a stand-in {@code nvidia-smi} whose compute processes are
 * real processes of this host, each carrying the attempt id a worker's launch gives it (or none, or a
 * finished attempt's): the meter learns their attempts from {@code /proc}, as on a real node. The GPUs
 * draw 200 W (0), 400 W (1) and 60 W (2).
 */
class EnergyMeterGpuSharesTest {
    private static final AttemptId TRAIN = new AttemptId("train", 1, 0);
    private static final AttemptId SERVE_A = new AttemptId("serve-a", 1, 0);
    private static final AttemptId SERVE_B = new AttemptId("serve-b", 1, 0);
    private static final AttemptId FINISHED = new AttemptId("finished", 1, 0);
    private static final Node NODE = TestNodes.node("gpu-box").cpus(16).memory("64GiB").gpus(3, "H100").build();

    @TempDir
    Path home;
    private final FakeClock clock = new FakeClock();
    private final List<Process> processes = new ArrayList<>();
    private FakeNvidiaSmiFiles smi;
    private Store store;
    private EnergyMeter meter;

    @BeforeEach
    void open() {
        smi = new FakeNvidiaSmiFiles(home.resolve("smi")).devices("""
                0, GPU-0000-train, NVIDIA H100 80GB HBM3, 81559, 700.00
                1, GPU-1111-shared, NVIDIA H100 80GB HBM3, 81559, 700.00
                2, GPU-2222-free, NVIDIA H100 80GB HBM3, 81559, 700.00
                """).usage("0, 50, 1024, 200.00\n1, 90, 12288, 400.00\n2, 0, 2048, 60.00\n");
        store = Store.open(StoreConfig.sqlite(home.resolve("lepton.db")));
        NvidiaSmi nvidiaSmi = new NvidiaSmi(smi.executable(), NvidiaSmi.DEFAULT_TIMEOUT);
        List<GpuDevice> gpus = nvidiaSmi.devices();
        PowerModel model = PowerModel.of(NodePowerProfile.NONE, NodePower.knownHardware(), "test CPU", 16, gpus);
        NodePower power = NodePower.choose(home.resolve("no-powercap"), new ProcStat(ProcStat.PATH), Optional.of(nvidiaSmi), gpus, model, clock);
        Resources oneGpu = new Resources(4_000, 16L << 30, 1);
        List<RunningWorker> running = List.of(
                new RunningWorker(TRAIN, "ml", "train", "default", NODE.name(), oneGpu, List.of(0)),
                new RunningWorker(SERVE_A, "ml", "serve-a", "default", NODE.name(), oneGpu, List.of(1)),
                new RunningWorker(SERVE_B, "ml", "serve-b", "default", NODE.name(), oneGpu, List.of(1)));
        // The GPUs alone, so that each footprint is GPU energy and nothing else.
        meter = new EnergyMeter(store, power.gpus().orElseThrow(), EnergyMeters.gpuShares(power, WorkerProcesses.local()),
                new IdleBaseline(model), new EnergyAttribution(IdlePolicy.BY_ALLOCATION), () -> new ProcStat.CpuTime(0, 0), () -> NODE,
                () -> List.of(NODE), () -> running, new StaticIntensity(Map.of(Node.DEFAULT_REGION, 200.0)), EnergySettings.DEFAULTS, clock, Duration.ofMinutes(1),
                new IdleWatch(IdleWatch.Settings.DEFAULTS, Map::of, idle -> { }));
    }

    @AfterEach
    void close() {
        processes.forEach(Process::destroyForcibly);
        store.close();
    }

    @Test
    void a_gpu_two_attempts_use_is_split_by_their_processes_memory_and_one_used_by_none_goes_to_its_holder() throws IOException {
        smi.apps(app("GPU-1111-shared", processOf(SERVE_A), 2048) + app("GPU-1111-shared", processOf(SERVE_A), 1024)
                + app("GPU-1111-shared", processOf(SERVE_B), 1024)
                + app("GPU-1111-shared", processOfNoAttempt(), 8192)
                + app("GPU-2222-free", processOf(FINISHED), 2048));

        meterTenSeconds();

        assertThat(meter.footprintOf("train").joules()).as("GPU 0: held, no process on it").isCloseTo(2_000, within(1e-6));
        assertThat(meter.footprintOf("serve-a").joules()).as("GPU 1: 3 GiB of 4 GiB").isCloseTo(3_000, within(1e-6));
        assertThat(meter.footprintOf("serve-b").joules()).as("GPU 1: 1 GiB of 4 GiB").isCloseTo(1_000, within(1e-6));
        assertThat(meter.totals().node().idleJoules()).as("GPU 2: nobody holds it; a finished attempt's process does not count")
                .isCloseTo(600, within(1e-6));
    }

    @Test
    void a_holder_with_no_process_on_a_gpu_others_processes_use_gets_none_of_it() throws IOException {
        smi.apps(app("GPU-1111-shared", processOf(SERVE_B), 1024));

        meterTenSeconds();

        assertThat(meter.footprintOf("serve-b").joules()).isCloseTo(4_000, within(1e-6));
        assertThat(meter.footprintOf("serve-a").joules()).isZero();
        assertThat(meter.footprintOf("train").joules()).isCloseTo(2_000, within(1e-6));
    }

    @Test
    void with_no_attempts_process_on_a_shared_gpu_its_holders_share_it_equally() {
        meterTenSeconds();

        assertThat(meter.footprintOf("serve-a").joules()).isCloseTo(2_000, within(1e-6));
        assertThat(meter.footprintOf("serve-b").joules()).isCloseTo(2_000, within(1e-6));
    }

    private void meterTenSeconds() {
        Map<AttemptId, Usage> usage = Map.of(TRAIN, Usage.NONE, SERVE_A, Usage.NONE, SERVE_B, Usage.NONE);
        meter.sample(usage);
        clock.advance(Duration.ofSeconds(10));
        meter.sample(usage);
    }

    /** A live process of this host whose environment names {@code attempt} as a worker's launch does. */
    private long processOf(AttemptId attempt) throws IOException {
        return sleeper(Map.of(LocalProcessExecutor.ATTEMPT_ID_VARIABLE, attempt.toString()));
    }

    /** A live process of this host that is no worker's: a system daemon, another user's notebook. */
    private long processOfNoAttempt() throws IOException {
        return sleeper(Map.of());
    }

    private long sleeper(Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("sleep", "60");
        builder.environment().remove(LocalProcessExecutor.ATTEMPT_ID_VARIABLE);
        builder.environment().putAll(environment);
        Process process = builder.start();
        processes.add(process);
        return process.pid();
    }

    private static String app(String gpuUuid, long pid, long usedMib) {
        return gpuUuid + ", " + pid + ", " + usedMib + "\n";
    }
}
