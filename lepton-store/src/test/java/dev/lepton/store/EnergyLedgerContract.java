package dev.lepton.store;

import static dev.lepton.store.StoreTestJobs.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lepton.core.energy.ComponentJoules;
import dev.lepton.core.energy.Footprint;
import dev.lepton.core.energy.Provenance;
import dev.lepton.core.execution.AttemptId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the energy ledger ({@link EnergyLedger}) promises on every database. */
abstract class EnergyLedgerContract extends StoreContract {
    private static final Instant HOUR = Instant.parse("2026-12-01T10:00:00Z");
    private static final AttemptId ALICE_WORKER = new AttemptId("uid-a", 1, 0);
    private static final AttemptId BOB_WORKER = new AttemptId("uid-b", 1, 0);

    private static Footprint footprint(double cpuJoules, double gpuJoules, double co2e, double dollars) {
        return new Footprint(new ComponentJoules(cpuJoules, 0, gpuJoules), 0, co2e, dollars);
    }

    @Test
    void each_write_adds_to_its_workers_hour_so_figures_written_twice_count_twice_and_a_job_sums_its_hours() {
        store.write(tx -> {
            tx.energy().add(List.of(new EnergyLedger.AttemptRow(ALICE_WORKER, HOUR, footprint(100, 0, 5, 0.5))));
            tx.energy().add(List.of(new EnergyLedger.AttemptRow(ALICE_WORKER, HOUR, footprint(50, 10, 2, 0.25)),
                    new EnergyLedger.AttemptRow(ALICE_WORKER, HOUR.plus(Duration.ofHours(1)), footprint(30, 0, 1, 0.1))));
            return null;
        });

        Footprint job = store.read((Tx tx) -> tx.energy().ofJob("uid-a"));
        assertThat(job.energy()).isEqualTo(new ComponentJoules(180, 0, 10));
        assertThat(job.co2eGrams()).isCloseTo(8, within(1e-9));
        assertThat(job.dollars()).isCloseTo(0.85, within(1e-9));
        assertThat(job.provenance()).isEqualTo(Provenance.MODELLED);
        assertThat(store.read((Tx tx) -> tx.energy().ofJob("uid-none"))).isEqualTo(Footprint.ZERO);
    }

    @Test
    void a_jobs_sources_add_up_per_source_over_its_workers_and_writes_and_say_whether_each_was_measured() {
        AttemptId aliceSecond = new AttemptId("uid-a", 1, 1);
        store.write(tx -> {
            tx.energy().addSources(List.of(new EnergyLedger.SourceRow(ALICE_WORKER, "slurm:acct_gather_energy/ipmi", 400, 400),
                    new EnergyLedger.SourceRow(aliceSecond, "slurm:acct_gather_energy/ipmi", 300, 300)));
            tx.energy().addSources(List.of(new EnergyLedger.SourceRow(ALICE_WORKER, "model:tdp-table", 20, 0),
                    new EnergyLedger.SourceRow(ALICE_WORKER, "slurm:acct_gather_energy/ipmi", 100, 100),
                    new EnergyLedger.SourceRow(BOB_WORKER, "rapl", 50, 50)));
            return null;
        });

        List<EnergyLedger.SourceJoules> sources = store.read((Tx tx) -> tx.energy().sourcesOfJob("uid-a"));

        assertThat(sources).containsExactly(new EnergyLedger.SourceJoules("model:tdp-table", 20, 0),
                new EnergyLedger.SourceJoules("slurm:acct_gather_energy/ipmi", 800, 800));
        assertThat(sources).extracting(EnergyLedger.SourceJoules::provenance).containsExactly(Provenance.MODELLED, Provenance.MEASURED);
        assertThat(store.read((Tx tx) -> tx.energy().sourcesOfJob("uid-none"))).isEmpty();
    }

    @Test
    void reports_roll_workers_up_by_the_attributes_usage_keeps_and_by_day_within_a_window() {
        store.write(tx -> {
            tx.usage().started(new AttemptUsage(ALICE_WORKER, "ml", "train", "alice", "gpu", "n1", 1, 2_000, 1L << 30, T0, Optional.empty(), 0, 0));
            tx.usage().started(new AttemptUsage(BOB_WORKER, "web", "serve", "bob", "default", "n2", 0, 1_000, 1L << 30, T0, Optional.empty(), 0, 0));
            tx.energy().add(List.of(new EnergyLedger.AttemptRow(ALICE_WORKER, HOUR, footprint(100, 300, 20, 2)),
                    new EnergyLedger.AttemptRow(BOB_WORKER, HOUR, footprint(50, 0, 3, 0.5)),
                    new EnergyLedger.AttemptRow(BOB_WORKER, HOUR.plus(Duration.ofDays(1)), footprint(70, 0, 4, 0.7))));
            tx.energy().addNode(List.of(new EnergyLedger.NodeRow("n1", HOUR, 500, 90, 10, 0, 6, 1.5)));
            return null;
        });

        List<EnergyLedger.Rollup> byProject = store.read((Tx tx) -> tx.energy().rollup(EnergyLedger.By.PROJECT, Optional.empty(), HOUR, HOUR.plus(Duration.ofDays(2))));
        assertThat(byProject).extracting(EnergyLedger.Rollup::key).containsExactly("ml", "web");
        assertThat(byProject.get(1).footprint().joules()).isEqualTo(120);
        assertThat(store.read((Tx tx) -> tx.energy().rollup(EnergyLedger.By.JOB, Optional.empty(), HOUR, HOUR.plus(Duration.ofHours(1)))))
                .extracting(r -> r.key() + "=" + r.footprint().joules()).containsExactly("ml/train=400.0", "web/serve=50.0");
        assertThat(store.read((Tx tx) -> tx.energy().rollup(EnergyLedger.By.DAY, Optional.empty(), HOUR, HOUR.plus(Duration.ofDays(2)))))
                .extracting(r -> r.key() + "=" + r.footprint().joules())
                .containsExactly(HOUR.toEpochMilli() / 86_400_000 + "=450.0", (HOUR.toEpochMilli() / 86_400_000 + 1) + "=70.0");
        assertThat(store.read((Tx tx) -> tx.energy().rollup(EnergyLedger.By.USER, Optional.of("web"), HOUR, HOUR.plus(Duration.ofDays(2)))))
                .extracting(EnergyLedger.Rollup::key).containsExactly("bob");
        assertThat(store.read((Tx tx) -> tx.energy().unattributed(HOUR, HOUR.plus(Duration.ofHours(1))))).hasEntrySatisfying("n1",
                row -> assertThat(row.idleJoules() + row.systemJoules()).isEqualTo(100));
    }

    @Test
    void a_jobs_hours_sum_its_workers_by_node_within_the_window() {
        AttemptId aliceSecond = new AttemptId("uid-a", 1, 1);
        AttemptId aliceRetry = new AttemptId("uid-a", 2, 0);
        store.write(tx -> {
            tx.usage().started(new AttemptUsage(ALICE_WORKER, "ml", "train", "alice", "gpu", "n1", 1, 2_000, 1L << 30, T0, Optional.empty(), 0, 0));
            tx.usage().started(new AttemptUsage(aliceSecond, "ml", "train", "alice", "gpu", "n1", 1, 2_000, 1L << 30, T0, Optional.empty(), 0, 0));
            tx.usage().started(new AttemptUsage(aliceRetry, "ml", "train", "alice", "gpu", "n2", 1, 2_000, 1L << 30, T0, Optional.empty(), 0, 0));
            tx.energy().add(List.of(new EnergyLedger.AttemptRow(ALICE_WORKER, HOUR, footprint(100, 300, 20, 2)),
                    new EnergyLedger.AttemptRow(aliceSecond, HOUR, footprint(50, 0, 3, 0.5)),
                    new EnergyLedger.AttemptRow(aliceRetry, HOUR.plus(Duration.ofHours(1)), footprint(70, 0, 4, 0.7)),
                    new EnergyLedger.AttemptRow(ALICE_WORKER, HOUR.plus(Duration.ofHours(2)), footprint(10, 0, 1, 0.1))));
            return null;
        });

        assertThat(store.read((Tx tx) -> tx.energy().jobHours(HOUR, HOUR.plus(Duration.ofHours(2)))))
                .containsExactly(new EnergyLedger.JobHour("uid-a", "n1", HOUR, 450, 23),
                        new EnergyLedger.JobHour("uid-a", "n2", HOUR.plus(Duration.ofHours(1)), 70, 4));
    }
}
