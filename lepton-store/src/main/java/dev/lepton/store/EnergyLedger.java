package dev.lepton.store;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.energy.ComponentJoules;
import dev.lepton.core.energy.Footprint;
import dev.lepton.core.energy.Provenance;
import dev.lepton.core.execution.AttemptId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The energy ledger: what each worker of each attempt cost per hour (energy by component, the
 * measured part of it, carbon, money), where each worker's figures came from (per source), and per
 * node and hour what no attempt carried. Writes add
 * to a row: the sampler writes the figures accrued since its last write, so rows only grow and a
 * restart neither loses what was written nor counts it twice. Reports roll rows up by the
 * attributes {@code attempt_usage} keeps of each worker (job, queue, project, user, node) or by day.
 */
public final class EnergyLedger {
    /** What one worker cost in the hour starting at {@code hour}. */
    public record AttemptRow(AttemptId attempt, Instant hour, Footprint footprint) {
        public AttemptRow {
            requireNonNull(attempt, "attempt is null");
            requireNonNull(hour, "hour is null");
            requireNonNull(footprint, "footprint is null");
        }
    }

    /**
     * What a node drew in an hour and what of it no attempt carried: idle power (of unallocated
     * capacity, or all of it where idle power is left unattributed) and system power (processes that
     * are not workers), the carbon of those, and the price of its unallocated capacity.
     */
    public record NodeRow(String node, Instant hour, double totalJoules, double idleJoules, double systemJoules, double measuredJoules,
                          double co2eGrams, double idleCostDollars) {
        public NodeRow {
            requireNonNull(node, "node is null");
            requireNonNull(hour, "hour is null");
        }
    }

    /** What one job's workers on one node cost in the hour starting at {@code hour}: energy over all components, and its carbon. */
    public record JobHour(String jobUid, String node, Instant hour, double joules, double co2eGrams) {
        public JobHour {
            requireNonNull(jobUid, "jobUid is null");
            requireNonNull(node, "node is null");
            requireNonNull(hour, "hour is null");
        }
    }

    /**
     * What one worker's energy figures from one source came to ({@code rapl}, {@code nvidia-smi},
     * {@code slurm:acct_gather_energy/ipmi}, {@code model:tdp-table}, …), and how much of it was measured.
     */
    public record SourceRow(AttemptId attempt, String source, double joules, double measuredJoules) {
        public SourceRow {
            requireNonNull(attempt, "attempt is null");
            requireNonNull(source, "source is null");
        }
    }

    /** What a job's figures from one source came to, over all its workers. */
    public record SourceJoules(String source, double joules, double measuredJoules) {
        public SourceJoules {
            requireNonNull(source, "source is null");
        }

        /** Measured if all of it was, as {@link Footprint#provenance()} says of a footprint. */
        public Provenance provenance() {
            return joules > 0 && measuredJoules >= joules * (1 - 1e-9) ? Provenance.MEASURED : Provenance.MODELLED;
        }

        public SourceJoules plus(SourceJoules other) {
            return new SourceJoules(source, joules + other.joules, measuredJoules + other.measuredJoules);
        }
    }

    /** A report line: the key it groups by and what the rows under it add up to. */
    public record Rollup(String key, Footprint footprint) {}

    /** What a report groups by; each names the SQL expression of its key. */
    public enum By {
        JOB("u.project || '/' || u.job_name"),
        QUEUE("u.queue"),
        PROJECT("u.project"),
        USER("u.owner"),
        NODE("u.node"),
        DAY("CAST(e.hour / 86400000 AS BIGINT)");

        private final String key;

        By(String key) {
            this.key = key;
        }
    }

    private static final String SUMS = "SUM(e.cpu_joules) AS cpu, SUM(e.dram_joules) AS dram, SUM(e.gpu_joules) AS gpu, "
            + "SUM(e.measured_joules) AS measured, SUM(e.co2e_grams) AS co2e, SUM(e.cost_dollars) AS dollars";

    private final Handle handle;

    EnergyLedger(Handle handle) {
        this.handle = handle;
    }

    public void add(List<AttemptRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch("""
                INSERT INTO attempt_energy (job_uid, epoch, worker_rank, hour, cpu_joules, dram_joules, gpu_joules, measured_joules,
                    co2e_grams, cost_dollars)
                VALUES (:uid, :epoch, :rank, :hour, :cpu, :dram, :gpu, :measured, :co2e, :dollars)
                ON CONFLICT (job_uid, epoch, worker_rank, hour) DO UPDATE SET
                    cpu_joules = attempt_energy.cpu_joules + excluded.cpu_joules,
                    dram_joules = attempt_energy.dram_joules + excluded.dram_joules,
                    gpu_joules = attempt_energy.gpu_joules + excluded.gpu_joules,
                    measured_joules = attempt_energy.measured_joules + excluded.measured_joules,
                    co2e_grams = attempt_energy.co2e_grams + excluded.co2e_grams,
                    cost_dollars = attempt_energy.cost_dollars + excluded.cost_dollars""");
        for (AttemptRow row : rows) {
            Footprint f = row.footprint();
            batch.bind("uid", row.attempt().jobUid()).bind("epoch", row.attempt().epoch()).bind("rank", row.attempt().rank())
                    .bind("hour", row.hour().toEpochMilli()).bind("cpu", f.energy().cpuPackage()).bind("dram", f.energy().dram())
                    .bind("gpu", f.energy().gpu()).bind("measured", f.measuredJoules()).bind("co2e", f.co2eGrams())
                    .bind("dollars", f.dollars()).add();
        }
        batch.execute();
    }

    public void addNode(List<NodeRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch("""
                INSERT INTO node_energy (node, hour, total_joules, idle_joules, system_joules, measured_joules, co2e_grams, idle_cost_dollars)
                VALUES (:node, :hour, :total, :idle, :system, :measured, :co2e, :dollars)
                ON CONFLICT (node, hour) DO UPDATE SET
                    total_joules = node_energy.total_joules + excluded.total_joules,
                    idle_joules = node_energy.idle_joules + excluded.idle_joules,
                    system_joules = node_energy.system_joules + excluded.system_joules,
                    measured_joules = node_energy.measured_joules + excluded.measured_joules,
                    co2e_grams = node_energy.co2e_grams + excluded.co2e_grams,
                    idle_cost_dollars = node_energy.idle_cost_dollars + excluded.idle_cost_dollars""");
        for (NodeRow row : rows) {
            batch.bind("node", row.node()).bind("hour", row.hour().toEpochMilli()).bind("total", row.totalJoules())
                    .bind("idle", row.idleJoules()).bind("system", row.systemJoules()).bind("measured", row.measuredJoules())
                    .bind("co2e", row.co2eGrams()).bind("dollars", row.idleCostDollars()).add();
        }
        batch.execute();
    }

    /** Adds to each worker's figures by source, as {@link #add} does to its hours. */
    public void addSources(List<SourceRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch("""
                INSERT INTO attempt_energy_source (job_uid, epoch, worker_rank, source, joules, measured_joules)
                VALUES (:uid, :epoch, :rank, :source, :joules, :measured)
                ON CONFLICT (job_uid, epoch, worker_rank, source) DO UPDATE SET
                    joules = attempt_energy_source.joules + excluded.joules,
                    measured_joules = attempt_energy_source.measured_joules + excluded.measured_joules""");
        for (SourceRow row : rows) {
            batch.bind("uid", row.attempt().jobUid()).bind("epoch", row.attempt().epoch()).bind("rank", row.attempt().rank())
                    .bind("source", row.source()).bind("joules", row.joules()).bind("measured", row.measuredJoules()).add();
        }
        batch.execute();
    }

    /** Where the job's workers' energy came from, over all its attempts, by source in name order, as written so far. */
    public List<SourceJoules> sourcesOfJob(String jobUid) {
        return handle.createQuery("""
                        SELECT source, SUM(joules) AS joules, SUM(measured_joules) AS measured FROM attempt_energy_source
                        WHERE job_uid = :uid GROUP BY source ORDER BY source""")
                .bind("uid", jobUid)
                .map((row, context) -> new SourceJoules(row.getString("source"), row.getDouble("joules"), row.getDouble("measured")))
                .list();
    }

    /** Everything the job's workers cost, over all its attempts, as written so far. */
    public Footprint ofJob(String jobUid) {
        return handle.createQuery("SELECT " + SUMS + " FROM attempt_energy e WHERE e.job_uid = :uid")
                .bind("uid", jobUid).map(EnergyLedger::footprint).one();
    }

    /** The footprint of the workers' hours in [from, to), of one project or all, grouped {@code by}, in key order. */
    public List<Rollup> rollup(By by, Optional<String> project, Instant from, Instant to) {
        Query query = handle.createQuery("SELECT " + by.key + " AS k, " + SUMS + """
                         FROM attempt_energy e JOIN attempt_usage u
                            ON u.job_uid = e.job_uid AND u.epoch = e.epoch AND u.worker_rank = e.worker_rank
                        WHERE e.hour >= :from AND e.hour < :to""" + (project.isPresent() ? " AND u.project = :project" : "")
                        + " GROUP BY k ORDER BY k")
                .bind("from", from.toEpochMilli()).bind("to", to.toEpochMilli());
        project.ifPresent(p -> query.bind("project", p));
        return query.map((row, context) -> new Rollup(row.getString("k"), footprint(row, context))).list();
    }

    /** The workers' hours in [from, to), summed by job, node (as {@code attempt_usage} keeps it) and hour, in that order. */
    public List<JobHour> jobHours(Instant from, Instant to) {
        return handle.createQuery("""
                        SELECT e.job_uid AS uid, u.node AS node, e.hour AS hour,
                            SUM(e.cpu_joules + e.dram_joules + e.gpu_joules) AS joules, SUM(e.co2e_grams) AS co2e
                        FROM attempt_energy e JOIN attempt_usage u
                            ON u.job_uid = e.job_uid AND u.epoch = e.epoch AND u.worker_rank = e.worker_rank
                        WHERE e.hour >= :from AND e.hour < :to
                        GROUP BY e.job_uid, u.node, e.hour ORDER BY e.job_uid, u.node, e.hour""")
                .bind("from", from.toEpochMilli()).bind("to", to.toEpochMilli())
                .map((row, context) -> new JobHour(row.getString("uid"), row.getString("node"), Instant.ofEpochMilli(row.getLong("hour")),
                        row.getDouble("joules"), row.getDouble("co2e")))
                .list();
    }

    /** What the nodes' hours in [from, to) drew that no attempt carried, by node. */
    public Map<String, NodeRow> unattributed(Instant from, Instant to) {
        return handle.createQuery("""
                        SELECT node, MIN(hour) AS hour, SUM(total_joules) AS total, SUM(idle_joules) AS idle, SUM(system_joules) AS sys,
                            SUM(measured_joules) AS measured, SUM(co2e_grams) AS co2e, SUM(idle_cost_dollars) AS dollars
                        FROM node_energy WHERE hour >= :from AND hour < :to GROUP BY node ORDER BY node""")
                .bind("from", from.toEpochMilli()).bind("to", to.toEpochMilli())
                .map((row, context) -> new NodeRow(row.getString("node"), Instant.ofEpochMilli(row.getLong("hour")), row.getDouble("total"),
                        row.getDouble("idle"), row.getDouble("sys"), row.getDouble("measured"), row.getDouble("co2e"), row.getDouble("dollars")))
                .collectToMap(NodeRow::node, r -> r);
    }

    private static Footprint footprint(ResultSet row, StatementContext context) throws SQLException {
        // SUM over no rows is NULL, which getDouble reads as 0.
        return new Footprint(new ComponentJoules(row.getDouble("cpu"), row.getDouble("dram"), row.getDouble("gpu")), row.getDouble("measured"),
                row.getDouble("co2e"), row.getDouble("dollars"));
    }
}
