package dev.lepton.server.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lepton.core.carbon.StaticIntensity;
import dev.lepton.core.energy.ComponentKind;
import dev.lepton.core.energy.ComponentReading;
import dev.lepton.core.energy.EnergyAttribution;
import dev.lepton.core.energy.EnergySampling;
import dev.lepton.core.energy.Footprint;
import dev.lepton.core.energy.IdleBaseline;
import dev.lepton.core.energy.IdlePolicy;
import dev.lepton.core.energy.WorkerEnergy;
import dev.lepton.core.energy.NodePowerProfile;
import dev.lepton.core.energy.PowerModel;
import dev.lepton.core.energy.Provenance;
import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.Usage;
import dev.lepton.core.node.Node;
import dev.lepton.core.node.NodeCondition;
import dev.lepton.core.node.Tier;
import dev.lepton.core.resource.Resources;
import dev.lepton.node.power.NodePower;
import dev.lepton.node.power.ProcStat;
import dev.lepton.server.scheduler.RunningWorker;
import dev.lepton.slurm.energy.GangEnergy;
import dev.lepton.slurm.job.SlurmJobId;
import dev.lepton.slurm.job.StepUsage;
import dev.lepton.store.EnergyLedger;
import dev.lepton.store.Store;
import dev.lepton.store.StoreConfig;
import dev.lepton.store.Tx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Energy an executor gave, fed to the meter as Slurm reports it: {@code sstat}'s text, a step per task,
 * parsed and shared as the Slurm executor does ({@link GangEnergy}: each task its step's {@code energy=}
 * over the gang's tasks on its node). The node is {@link EnergyMeterTest}'s (2 CPUs modelled at 100 W,
 * 20 W idle; ES at 150 gCO2e/kWh, PUE 1.2, $1.20 an hour, $0.30 a kWh); a second, remote node runs a
 * 2-task gang. Each worker's joules are also kept by source.
 */
class EnergyMeterMeasuredTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final AttemptId BIG = new AttemptId("job-big", 1, 0);
    private static final AttemptId SMALL = new AttemptId("job-small", 1, 0);
    private static final AttemptId REMOTE_0 = new AttemptId("job-remote", 1, 0);
    private static final AttemptId REMOTE_1 = new AttemptId("job-remote", 1, 1);
    private static final Node NODE = new Node("vm", new Resources(2_000, 8L << 30, 0), List.of(), Map.of(), Set.of(), Tier.DATACENTER, "ES",
            1.20, NodeCondition.READY);
    private static final Node REMOTE = new Node("cn-7", new Resources(16_000, 64L << 30, 0), List.of(), Map.of(), Set.of(), Tier.DATACENTER,
            "FR", 2.00, NodeCondition.READY);

    @TempDir
    Path home;
    Store store;
    final AtomicReference<Instant> now = new AtomicReference<>(T0);
    final AtomicReference<ProcStat.CpuTime> nodeCpu = new AtomicReference<>(new ProcStat.CpuTime(100, 1_000));
    EnergyMeter meter;
    final AtomicReference<List<RunningWorker>> running = new AtomicReference<>(List.of(
            new RunningWorker(BIG, "ml", "big", "default", "vm", new Resources(1_000, 1L << 30, 0), List.of()),
            new RunningWorker(SMALL, "ml", "small", "default", "vm", new Resources(500, 1L << 30, 0), List.of()),
            new RunningWorker(REMOTE_0, "ml", "remote", "default", "cn-7", new Resources(4_000, 1L << 30, 0), List.of()),
            new RunningWorker(REMOTE_1, "ml", "remote", "default", "cn-7", new Resources(4_000, 1L << 30, 0), List.of())));

    /** Which Slurm job runs which attempt's gang, and each gang's attempts by rank: what the executor knows. */
    static final Map<SlurmJobId, List<AttemptId>> GANGS = Map.of(new SlurmJobId(101), List.of(BIG), new SlurmJobId(102), List.of(REMOTE_0, REMOTE_1));

    static final String PLUGIN = "acct_gather_energy/ipmi";
    static final String SOURCE = WorkerEnergy.slurm(PLUGIN);

    /** The capability as the Slurm executor gives it, over {@code sstat} text where step N runs rank N, all of a gang's tasks on one node. */
    static EnergySampling slurm(String sstat) {
        return () -> {
            Map<AttemptId, WorkerEnergy> measured = new HashMap<>();
            StepUsage.parse(sstat).forEach((job, steps) -> {
                List<AttemptId> ranks = GANGS.get(job);
                GangEnergy gang = new GangEnergy(Optional.of(PLUGIN), ranks.size(), ranks.stream().map(AttemptId::rank).collect(Collectors.toSet()));
                for (AttemptId attempt : ranks) {
                    gang.sample(attempt.rank(), T0, steps.step(attempt.rank()), Optional.empty());
                    gang.running(attempt.rank()).ifPresent(energy -> measured.put(attempt, energy));
                }
            });
            return measured;
        };
    }

    @BeforeEach
    void open() {
        store = Store.open(StoreConfig.sqlite(home.resolve("lepton.db")));
        PowerModel model = PowerModel.of(NodePowerProfile.parse("cpu=20..120"), NodePower.knownHardware(), "test CPU", 2, List.of());
        AtomicReference<Instant> lastRead = new AtomicReference<>(T0);
        InstantSource clock = now::get;
        meter = new EnergyMeter(store, () -> {
            Duration interval = Duration.between(lastRead.getAndSet(now.get()), now.get());
            return List.of(new ComponentReading(ComponentKind.CPU_PACKAGE, 0, 100, interval, Provenance.MODELLED, ComponentReading.MODEL_PROFILE));
        }, GpuShares.NONE, new IdleBaseline(model), new EnergyAttribution(IdlePolicy.BY_ALLOCATION), nodeCpu::get, () -> NODE,
                () -> List.of(NODE, REMOTE), running::get,
                new StaticIntensity(Map.of("ES", 150.0, "FR", 50.0)),
                new EnergySettings(NodePowerProfile.NONE, IdlePolicy.BY_ALLOCATION, 1.2, 0.30, Map.of()), clock, Duration.ofMinutes(1),
                new IdleWatch(IdleWatch.Settings.DEFAULTS, Map::of, idle -> { }));
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Two samples 10 s apart, the node busy as in {@link EnergyMeterTest}, Slurm saying {@code first} then {@code second}. */
    private void twoSamples(String first, String second) {
        twoSamples(slurm(first).sampleEnergy(), slurm(second).sampleEnergy());
    }

    private void twoSamples(Map<AttemptId, WorkerEnergy> first, Map<AttemptId, WorkerEnergy> second) {
        meter.sample(Map.of(BIG, new Usage(0, 0), SMALL, new Usage(0, 0)), first);
        now.set(T0.plusSeconds(10));
        nodeCpu.set(new ProcStat.CpuTime(110, 1_020));
        meter.sample(Map.of(BIG, new Usage(6, 0), SMALL, new Usage(2, 0)), second);
    }

    @Test
    void a_worker_slurm_measured_carries_its_measured_joules_and_the_others_keep_the_model() {
        twoSamples("""
                101.0|1|cpu=00:00:00,energy=1000,fs/disk=0,mem=1024K,pages=0,vmem=0
                """, """
                101.0|1|cpu=00:00:06,energy=1450,fs/disk=0,mem=1024K,pages=0,vmem=0
                """);

        Footprint big = meter.footprintOf("job-big");
        assertThat(big.joules()).as("450 J measured by Slurm in the interval, not the model's 580").isCloseTo(450, within(1e-6));
        assertThat(big.provenance()).isEqualTo(Provenance.MEASURED);
        assertThat(big.co2eGrams()).isCloseTo(450 / 3.6e6 * 150 * 1.2, within(1e-12));
        assertThat(big.dollars()).isCloseTo(1.20 * 10 / 3600 * 0.5 + 0.30 * 450 / 3.6e6, within(1e-12));
        Footprint small = meter.footprintOf("job-small");
        assertThat(small.joules()).as("the model's split, as if nothing was measured").isCloseTo(210, within(1e-6));
        assertThat(small.provenance()).isEqualTo(Provenance.MODELLED);

        meter.persist();
        EnergyLedger.NodeRow node = store.read(tx -> tx.energy().unattributed(T0, T0.plusSeconds(3_600))).get("vm");
        assertThat(node.totalJoules()).as("the node's own reading").isCloseTo(1_000, within(1e-6));
        assertThat(node.idleJoules()).isCloseTo(50, within(1e-6));
        assertThat(node.systemJoules()).isCloseTo(160, within(1e-6));
        assertThat(store.read(tx -> tx.energy().ofJob("job-big")).provenance()).isEqualTo(Provenance.MEASURED);
    }

    @Test
    void a_gang_on_a_node_the_server_does_not_meter_is_shared_by_rank_and_priced_by_its_own_node() {
        twoSamples("""
                102.0|1|cpu=00:10:00,energy=4000,mem=2G
                102.1|1|cpu=00:05:00,energy=4000,mem=1G
                """, """
                102.0|1|cpu=00:10:20,energy=5000,mem=2G
                102.1|1|cpu=00:05:10,energy=5000,mem=1G
                """);

        Footprint remote = meter.footprintOf("job-remote");
        assertThat(remote.joules()).as("1000 J more for the node, 500 J to each rank").isCloseTo(1_000, within(1e-6));
        assertThat(remote.provenance()).isEqualTo(Provenance.MEASURED);
        assertThat(remote.co2eGrams()).as("priced at its node's grid").isCloseTo(1_000 / 3.6e6 * 50 * 1.2, within(1e-12));
        assertThat(remote.dollars()).as("each rank a quarter of the node's CPUs for 10 s, and its kWh")
                .isCloseTo(2 * (2.00 * 10 / 3600 * 0.25) + 0.30 * 1_000 / 3.6e6, within(1e-12));
        assertThat(meter.totals().byProjectAndQueue().get("ml\tdefault").joules()).isCloseTo(1_000 + 580 + 210, within(1e-6));
    }

    @Test
    void a_figure_the_executor_modelled_replaces_the_meters_share_on_another_node_and_stays_marked_modelled_but_not_on_the_meters_own() {
        Map<AttemptId, WorkerEnergy> first = Map.of(BIG, WorkerEnergy.modelled(1_000, "model:tdp-table"),
                REMOTE_0, WorkerEnergy.modelled(300, "model:tdp-table"), REMOTE_1, WorkerEnergy.modelled(100, "model:tdp-table"));
        Map<AttemptId, WorkerEnergy> second = Map.of(BIG, WorkerEnergy.modelled(1_450, "model:tdp-table"),
                REMOTE_0, WorkerEnergy.modelled(400, "model:tdp-table"), REMOTE_1, WorkerEnergy.modelled(150, "model:tdp-table"));

        twoSamples(first, second);

        Footprint big = meter.footprintOf("job-big");
        assertThat(big.joules()).as("the meter's own split of its machine, not the executor's model of it").isCloseTo(580, within(1e-6));
        assertThat(big.provenance()).isEqualTo(Provenance.MODELLED);
        assertThat(meter.sourcesOf("job-big")).containsExactly(new EnergyLedger.SourceJoules(ComponentReading.MODEL_PROFILE, 580, 0));
        Footprint remote = meter.footprintOf("job-remote");
        assertThat(remote.joules()).as("100 J and 50 J more, as the executor modelled them").isCloseTo(150, within(1e-6));
        assertThat(remote.measuredJoules()).isZero();
        assertThat(remote.provenance()).isEqualTo(Provenance.MODELLED);
        assertThat(remote.co2eGrams()).as("priced at its node's grid").isCloseTo(150 / 3.6e6 * 50 * 1.2, within(1e-12));
        assertThat(meter.sourcesOf("job-remote")).containsExactly(new EnergyLedger.SourceJoules(ComponentReading.MODEL_TDP_TABLE, 150, 0));
        meter.persist();
        assertThat(store.read((Tx tx) -> tx.energy().ofJob("job-remote")).provenance()).isEqualTo(Provenance.MODELLED);
    }

    @Test
    void where_slurm_measures_no_energy_every_figure_stays_modelled_as_before() {
        twoSamples("101.0|1|cpu=00:00:00,energy=0,mem=1024K\n", "101.0|1|cpu=00:00:06,energy=0,mem=1024K\n");

        assertThat(meter.footprintOf("job-big").joules()).isCloseTo(580, within(1e-6));
        assertThat(meter.footprintOf("job-big").provenance()).isEqualTo(Provenance.MODELLED);
        assertThat(meter.footprintOf("job-remote")).as("a remote worker nobody gave a figure for is not metered here").isEqualTo(Footprint.ZERO);
    }

    @Test
    void each_workers_joules_are_kept_by_source_in_the_ledger() {
        twoSamples("101.0|1|cpu=00:00:00,energy=1000,mem=1024K\n", "101.0|1|cpu=00:00:06,energy=1450,mem=1024K\n");

        assertThat(meter.sourcesOf("job-big")).containsExactly(new EnergyLedger.SourceJoules(SOURCE, 450, 450));
        assertThat(meter.sourcesOf("job-small")).as("the meter's own model of its CPUs")
                .containsExactly(new EnergyLedger.SourceJoules(ComponentReading.MODEL_PROFILE, 210, 0));
        meter.persist();
        assertThat(store.read((Tx tx) -> tx.energy().sourcesOfJob("job-big"))).containsExactly(new EnergyLedger.SourceJoules(SOURCE, 450, 450));
        assertThat(meter.sourcesOf("job-big")).as("written, not counted again").containsExactly(new EnergyLedger.SourceJoules(SOURCE, 450, 450));
    }

    @Test
    void the_energy_slurm_settles_after_a_gang_ended_is_added_once_to_its_workers() {
        twoSamples("""
                102.0|1|cpu=00:10:00,energy=4000,mem=2G
                102.1|1|cpu=00:05:00,energy=4000,mem=1G
                """, """
                102.0|1|cpu=00:10:20,energy=5000,mem=2G
                102.1|1|cpu=00:05:10,energy=5000,mem=1G
                """);
        running.set(running.get().stream().filter(w -> !w.node().equals("cn-7")).toList());
        now.set(T0.plusSeconds(20));
        nodeCpu.set(new ProcStat.CpuTime(120, 1_040));
        meter.sample(Map.of(BIG, new Usage(12, 0), SMALL, new Usage(4, 0)), Map.of());

        // sacct: 6000 J for the job, of which the last samples gave 2500 + 2500.
        Map<AttemptId, WorkerEnergy> settled = Map.of(REMOTE_0, new WorkerEnergy(3_000, SOURCE), REMOTE_1, new WorkerEnergy(3_000, SOURCE));
        now.set(T0.plusSeconds(30));
        meter.sample(Map.of(BIG, new Usage(18, 0), SMALL, new Usage(6, 0)), settled);
        now.set(T0.plusSeconds(40));
        meter.sample(Map.of(BIG, new Usage(24, 0), SMALL, new Usage(8, 0)), settled);

        Footprint remote = meter.footprintOf("job-remote");
        assertThat(remote.joules()).as("1000 J between the samples, 1000 J after the last: once").isCloseTo(2_000, within(1e-6));
        assertThat(remote.provenance()).isEqualTo(Provenance.MEASURED);
        assertThat(remote.co2eGrams()).isCloseTo(2_000 / 3.6e6 * 50 * 1.2, within(1e-12));
    }
}
