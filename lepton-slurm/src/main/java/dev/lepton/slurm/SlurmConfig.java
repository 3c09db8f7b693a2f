package dev.lepton.slurm;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What this Slurm can tell, read from {@code scontrol show config}: whether {@code sacct} has accounting
 * storage (slurmdbd) to ask, whether job completions are logged where {@code sacct --completion} reads
 * them (jobcomp/filetxt), whether the nodes gather running tasks' usage for {@code sstat}
 * ({@code JobAcctGatherType}), whether an energy plugin measures the nodes and whether {@code sacct} keeps what it
 * measured, and the times that bound how long
 * slurmctld remembers an ended job ({@code MinJobAge}) and how long it waits between SIGTERM and
 * SIGKILL when it cancels one ({@code KillWait}).
 */
public record SlurmConfig(String version, String accountingStorage, String jobCompletion, String usageGathering, String energyGathering,
                          Duration killWait, Duration minJobAge) {
    private static final Pattern LINE = Pattern.compile("^(\\S+)\\s+=\\s?(.*)$");
    private static final Pattern SECONDS = Pattern.compile("(\\d+) sec");

    public SlurmConfig {
        requireNonNull(version, "version is null");
        requireNonNull(accountingStorage, "accountingStorage is null");
        requireNonNull(jobCompletion, "jobCompletion is null");
        requireNonNull(usageGathering, "usageGathering is null");
        requireNonNull(energyGathering, "energyGathering is null");
        requireNonNull(killWait, "killWait is null");
        requireNonNull(minJobAge, "minJobAge is null");
    }

    /** Asks the running Slurm. */
    public static SlurmConfig read(SlurmCli cli) {
        return parse(cli.run("scontrol", "show", "config").orThrow().stdout());
    }

    /** Parses {@code scontrol show config}: {@code Key = value} lines after a heading. */
    public static SlurmConfig parse(String text) {
        Map<String, String> values = new HashMap<>();
        for (String line : text.split("\\R")) {
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                values.putIfAbsent(m.group(1), m.group(2).strip());
            }
        }
        return new SlurmConfig(values.getOrDefault("SLURM_VERSION", "unknown"),
                values.getOrDefault("AccountingStorageType", "accounting_storage/none"),
                values.getOrDefault("JobCompType", "jobcomp/none"),
                values.getOrDefault("JobAcctGatherType", "jobacct_gather/none"),
                values.getOrDefault("AcctGatherEnergyType", "acct_gather_energy/none"),
                seconds(values.get("KillWait"), Duration.ofSeconds(30)),
                seconds(values.get("MinJobAge"), Duration.ofSeconds(300)));
    }

    /** {@code sacct} has a database to ask (slurmdbd); without one it answers "accounting storage is disabled". */
    public boolean hasAccounting() {
        return !accountingStorage.endsWith("/none");
    }

    /** {@code sacct --completion} can read ended jobs from the completion log. */
    public boolean hasCompletionLog() {
        return jobCompletion.equals("jobcomp/filetxt");
    }

    /** {@code sstat} can tell what a running job's tasks use. */
    public boolean gathersUsage() {
        return !usageGathering.endsWith("/none");
    }

    /**
     * An energy plugin ({@code AcctGatherEnergyType}) measures the nodes: {@code sstat} has a running
     * step's {@code energy=} where the nodes also gather usage.
     */
    public boolean measuresEnergy() {
        return !energyGathering.endsWith("/none");
    }

    /** Slurm measures each job's energy and keeps it where {@code sacct} reads {@code ConsumedEnergyRaw}: a plugin and slurmdbd. */
    public boolean keepsEnergy() {
        return hasAccounting() && measuresEnergy();
    }

    private static Duration seconds(String text, Duration otherwise) {
        if (text == null) {
            return otherwise;
        }
        Matcher m = SECONDS.matcher(text);
        return m.matches() ? Duration.ofSeconds(Long.parseLong(m.group(1))) : otherwise;
    }
}
