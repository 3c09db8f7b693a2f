package dev.lepton.server.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lepton.core.carbon.StaticIntensity;
import dev.lepton.core.energy.ComponentKind;
import dev.lepton.core.energy.ComponentReading;
import dev.lepton.core.energy.EnergyAttribution;
import dev.lepton.core.energy.Footprint;
import dev.lepton.core.energy.IdleBaseline;
import dev.lepton.core.energy.IdlePolicy;
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
import dev.lepton.store.EnergyLedger;
import dev.lepton.store.Store;
import dev.lepton.store.StoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One metered interval worked by hand: a 2-CPU node modelled at 100 W with a 20 W idle floor, two
 * workers with known CPU time, ES at 150 gCO2e/kWh, PUE 1.2, $1.20 an hour and $0.30 a kWh.
 */
class EnergyMeterTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final AttemptId BIG = new AttemptId("job-big", 1, 0);
    private static final AttemptId SMALL = new AttemptId("job-small", 1, 0);
    private static final Node NODE = new Node("vm", new Resources(2_000, 8L << 30, 0), List.of(), Map.of(), Set.of(), Tier.DATACENTER, "ES",
            1.20, NodeCondition.READY);

    @TempDir
    Path home;
    Store store;
    final AtomicReference<Instant> now = new AtomicReference<>(T0);
    final AtomicReference<ProcStat.CpuTime> nodeCpu = new AtomicReference<>(new ProcStat.CpuTime(100, 1_000));
    EnergyMeter meter;

    @BeforeEach
    void open() {
        store = Store.open(StoreConfig.sqlite(home.resolve("lepton.db")));
        PowerModel model = PowerModel.of(NodePowerProfile.parse("cpu=20..120"), NodePower.knownHardware(), "test CPU", 2, List.of());
        // 100 W over whatever time passed since the last reading: what a modelled CPU at 80% would say.
        AtomicReference<Instant> lastRead = new AtomicReference<>(T0);
        InstantSource clock = now::get;
        meter = new EnergyMeter(store, () -> {
            Duration interval = Duration.between(lastRead.getAndSet(now.get()), now.get());
            return List.of(new ComponentReading(ComponentKind.CPU_PACKAGE, 0, 100, interval, Provenance.MODELLED, ComponentReading.MODEL_PROFILE));
        }, GpuShares.NONE, new IdleBaseline(model), new EnergyAttribution(IdlePolicy.BY_ALLOCATION), nodeCpu::get, () -> NODE, () -> List.of(NODE),
                () -> List.of(new RunningWorker(BIG, "ml", "big", "default", "vm", new Resources(1_000, 1L << 30, 0), List.of()),
                        new RunningWorker(SMALL, "ml", "small", "default", "vm", new Resources(500, 1L << 30, 0), List.of())),
                new StaticIntensity(Map.of("ES", 150.0)), new EnergySettings(NodePowerProfile.NONE, IdlePolicy.BY_ALLOCATION, 1.2, 0.30, Map.of()),
                clock, Duration.ofMinutes(1), new IdleWatch(IdleWatch.Settings.DEFAULTS, Map::of, idle -> { }));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void an_interval_is_split_as_worked_by_hand_and_the_ledger_holds_it_once_after_a_write() {
        meter.sample(Map.of(BIG, new Usage(0, 0), SMALL, new Usage(0, 0)));
        now.set(T0.plusSeconds(10));
        nodeCpu.set(new ProcStat.CpuTime(110, 1_020));
        meter.sample(Map.of(BIG, new Usage(6, 0), SMALL, new Usage(2, 0)));

        // 1000 J: 200 J idle (20 W), 800 J active. Active by CPU time over the node's 10 busy seconds:
        // big 480, small 160, system 160. Idle by allocation of 2 CPUs: big 100, small 50, idle 50.
        Footprint big = meter.footprintOf("job-big");
        assertThat(big.joules()).isCloseTo(580, within(1e-6));
        assertThat(meter.footprintOf("job-small").joules()).isCloseTo(210, within(1e-6));
        assertThat(big.provenance()).isEqualTo(Provenance.MODELLED);
        assertThat(big.co2eGrams()).isCloseTo(580 / 3.6e6 * 150 * 1.2, within(1e-12));
        assertThat(big.dollars()).as("half the node's CPUs for 10 s, and its kWh").isCloseTo(1.20 * 10 / 3600 * 0.5 + 0.30 * 580 / 3.6e6,
                within(1e-12));

        meter.persist();

        assertThat(meter.footprintOf("job-big")).as("written once: neither lost nor counted twice").satisfies(after -> {
            assertThat(after.joules()).isCloseTo(580, within(1e-6));
            assertThat(after.dollars()).isCloseTo(big.dollars(), within(1e-12));
        });
        meter.persist();
        assertThat(store.read(tx -> tx.energy().ofJob("job-big")).joules()).isCloseTo(580, within(1e-6));
        EnergyLedger.NodeRow node = store.read(tx -> tx.energy().unattributed(T0, T0.plusSeconds(3_600))).get("vm");
        assertThat(node.totalJoules()).isCloseTo(1_000, within(1e-6));
        assertThat(node.idleJoules()).isCloseTo(50, within(1e-6));
        assertThat(node.systemJoules()).isCloseTo(160, within(1e-6));
        assertThat(node.idleCostDollars()).as("the quarter of the node no worker holds").isCloseTo(1.20 * 10 / 3600 * 0.25 + 0.30 * 210 / 3.6e6,
                within(1e-12));
    }

    @Test
    void the_first_sample_only_sets_the_baseline() {
        meter.sample(Map.of(BIG, new Usage(30, 0)));

        assertThat(meter.footprintOf("job-big")).isEqualTo(Footprint.ZERO);
        assertThat(meter.totals().node()).isNull();
    }
}
