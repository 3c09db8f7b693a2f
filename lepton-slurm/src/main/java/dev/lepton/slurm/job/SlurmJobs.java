package dev.lepton.slurm.job;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.slurm.CliOutput;
import dev.lepton.slurm.SlurmCli;
import dev.lepton.slurm.SlurmConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gangs as Slurm batch jobs: submit, ask after, stop, and read their usage (step by step: a task is a
 * step) and energy.
 *
 * <p>State comes from {@code squeue}, which knows a job while it waits, runs and for
 * {@link SlurmConfig#minJobAge()} after it ended; a job it has forgotten is asked of {@code sacct}
 * where there is accounting storage, else of the completion log ({@code sacct --completion}) where
 * there is one, else it is {@link SlurmJobState#GONE}. Each task's own exit status is in its exit
 * record either way ({@link GangFiles}).
 *
 * <p>Stopping with a grace period is two calls, the caller keeping the time between them:
 * {@link #terminate} (SIGTERM to every task) and, when the grace has passed and the job still runs,
 * {@link #kill} (SIGKILL, then cancel). Signals go only to jobs that have started: {@code scancel}
 * keeps retrying a signal to a waiting job for over a minute, so a waiting job is cancelled instead.
 */
public final class SlurmJobs {
    private static final Logger log = LoggerFactory.getLogger(SlurmJobs.class);
    static final String SQUEUE_FIELDS = "JobID:|,Name:|,State:|,Reason:|,exit_code:|,NodeList:|,StartTime:|,EndTime:";
    static final String SACCT_FIELDS = "JobID,JobName,State,ExitCode,NodeList,Start,End";

    private final SlurmCli cli;
    private final SlurmConfig config;

    public SlurmJobs(SlurmCli cli, SlurmConfig config) {
        this.cli = requireNonNull(cli, "cli is null");
        this.config = requireNonNull(config, "config is null");
    }

    /** What this Slurm can tell. */
    public SlurmConfig config() {
        return config;
    }

    /**
     * Submits the gang and returns its job id once Slurm has it. The gang's directory is created,
     * and records a previous submission left there (exit and step records, a stop request) are removed;
     * the gang's shape is recorded ({@link GangShape}).
     * A request Slurm refuses is {@link ErrorCode#INVALID_ARGUMENT} with its reason; a Slurm that
     * does not answer, {@link ErrorCode#UNAVAILABLE}.
     */
    public SlurmJobId submit(SlurmGang gang) {
        prepare(gang);
        BatchScript batch = BatchScript.of(gang);
        CliOutput output = cli.run(batch.command(), batch.script()).orThrow();
        SlurmJobId id = SlurmJobId.parse(output.stdout());
        log.atInfo().setMessage("submitted a gang to Slurm").addKeyValue("slurmJob", id).addKeyValue("name", gang.name())
                .addKeyValue("nodes", gang.layout().nodes()).addKeyValue("tasks", gang.layout().tasks()).log();
        return id;
    }

    /** The ids of the jobs of this name Slurm knows (waiting, running, or recently ended): how to find a job whose id was not kept. */
    public List<SlurmJobId> named(String name) {
        CliOutput output = cli.run("squeue", "--noheader", "--states=all", "--name=" + name, "--format=%i").orThrow();
        return lines(output.stdout()).stream().map(SlurmJobId::parse).toList();
    }

    /** The status of each job asked after, in one {@code squeue} call (and one {@code sacct} for the forgotten). */
    public Map<SlurmJobId, SlurmJobStatus> status(Collection<SlurmJobId> ids) {
        Map<SlurmJobId, SlurmJobStatus> known = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return known;
        }
        Set<SlurmJobId> asked = new LinkedHashSet<>(ids);
        known.putAll(JobStatusParser.squeue(squeue(asked)));
        List<SlurmJobId> forgotten = asked.stream().filter(id -> !known.containsKey(id)).toList();
        if (!forgotten.isEmpty()) {
            known.putAll(JobStatusParser.sacct(sacct(forgotten)));
        }
        Map<SlurmJobId, SlurmJobStatus> result = new LinkedHashMap<>();
        asked.forEach(id -> result.put(id, known.getOrDefault(id, SlurmJobStatus.gone(id))));
        return result;
    }

    public SlurmJobStatus status(SlurmJobId id) {
        return status(List.of(id)).get(id);
    }

    /**
     * Asks the job's tasks to stop: leaves the stop request for the batch script, then sends SIGTERM
     * to every process of the tasks (not to the batch script, which carries on and cancels its own job
     * once the tasks have ended, so that Slurm records it as CANCELLED). A job that has not started is
     * cancelled (scancel would retry a signal to it for a minute and more); one that has ended is left
     * as it is.
     */
    public void terminate(SlurmJobId id, GangFiles files) {
        requestStop(files);
        switch (status(id).state().phase()) {
            case QUEUED -> cancel(id);
            case STARTED -> {
                if (!signalStarted(List.of(id.toString()), "TERM")) {
                    cancel(id);
                }
            }
            case ENDED -> log.atDebug().setMessage("the job to stop has ended").addKeyValue("slurmJob", id).log();
        }
    }

    /**
     * A warning signal (USR1, USR2, HUP, …) to every task of a started job: the wrapper ignores it,
     * each command handles it or dies of it. False when the job has not started, has ended, or Slurm
     * would not deliver it.
     */
    public boolean signal(SlurmJobId id, String signal) {
        if (!signal.matches("[A-Z0-9]+")) {
            throw new IllegalArgumentException("not a signal name: '" + signal + "'");
        }
        return status(id).state().phase() == SlurmJobState.Phase.STARTED && signalStarted(List.of(id.toString()), signal);
    }

    /**
     * Ends the job now: SIGKILL to every process of its tasks if it has started (a task's wrapper,
     * killed with it, may leave no exit record), then a cancel, which also ends a job that has not.
     * SIGKILL goes to the tasks' steps ({@code ID.0 ID.1 …}, as {@code squeue --steps} lists them):
     * Slurm takes SIGKILL for a whole job as a cancel, which waits {@code KillWait} between SIGTERM and
     * SIGKILL. SIGSTOP goes first: {@code proctrack/linuxproc} signals a step's processes one by one,
     * deepest first, so a shell whose child has just died of SIGKILL could run on (and its wrapper record
     * an exit) before its own SIGKILL comes; a stopped process cannot.
     */
    public void kill(SlurmJobId id) {
        if (status(id).state().phase() == SlurmJobState.Phase.STARTED) {
            List<String> steps = taskSteps(id);
            if (!steps.isEmpty()) {
                signalStarted(steps, "STOP");
                signalStarted(steps, "KILL");
            }
        }
        cancel(id);
    }

    /** The job's task steps that run now ({@code 12.0}, {@code 12.1}; not {@code 12.batch} nor {@code 12.extern}). */
    private List<String> taskSteps(SlurmJobId id) {
        CliOutput output = cli.run("squeue", "--noheader", "--steps", "--jobs=" + id, "--format=%i");
        return output.succeeded() ? lines(output.stdout()).stream().filter(step -> step.matches(id + "\\.\\d+")).toList() : List.of();
    }

    /**
     * Cancels the job as Slurm does: SIGTERM to all its processes at once, SIGKILL after
     * {@link SlurmConfig#killWait()}. Nothing happens to a job that has ended or that Slurm does not know.
     */
    public void cancel(SlurmJobId id) {
        cli.run("scancel", id.toString()).orThrow();
    }

    /**
     * The energy Slurm measured for the job in joules ({@code sacct ConsumedEnergyRaw}): empty where
     * Slurm keeps none ({@link SlurmConfig#keepsEnergy()}) or has no figure for the job.
     */
    public OptionalDouble energyJoules(SlurmJobId id) {
        return Optional.ofNullable(energyJoules(List.of(id)).get(id)).map(OptionalDouble::of).orElse(OptionalDouble.empty());
    }

    /**
     * The energy Slurm measured for each job asked after, in one {@code sacct} call: a job's allocation,
     * all its nodes from its start to its end. A job without a figure (still running, not yet written by
     * slurmctld to slurmdbd, or not measured) is missing; where Slurm keeps no energy nothing is asked.
     */
    public Map<SlurmJobId, Double> energyJoules(Collection<SlurmJobId> ids) {
        if (ids.isEmpty() || !config.keepsEnergy()) {
            return Map.of();
        }
        CliOutput output = cli.run("sacct", "--noheader", "--parsable2", "--allocations", "--jobs=" + joined(new LinkedHashSet<>(ids)),
                "--format=JobID,ConsumedEnergyRaw");
        if (!output.succeeded()) {
            log.atWarn().setMessage("sacct did not give the jobs' energy").addKeyValue("jobs", joined(ids))
                    .addKeyValue("said", output.stderr().strip()).log();
            return Map.of();
        }
        Map<SlurmJobId, Double> joules = new LinkedHashMap<>();
        ids.forEach(id -> SlurmEnergy.consumedJoules(output.stdout(), id).ifPresent(j -> joules.put(id, j)));
        return joules;
    }

    /**
     * What the tasks of each job asked after have used so far, step by step, from one
     * {@code sstat --allsteps} over the jobs. A job whose tasks do not run (not started, ended) is
     * missing, and so is every job where the nodes gather no usage ({@code JobAcctGatherType=jobacct_gather/none}:
     * then nothing is asked). Without slurmdbd this is also the only energy figure there is, and only
     * while the tasks run. A Slurm that does not answer in time throws, as every command does; one that
     * refuses is logged and answers nothing.
     */
    public Map<SlurmJobId, StepUsage> usage(Collection<SlurmJobId> ids) {
        if (ids.isEmpty() || !config.gathersUsage()) {
            return Map.of();
        }
        String jobs = joined(new LinkedHashSet<>(ids));
        CliOutput output = cli.run("sstat", "--noheader", "--parsable2", "--allsteps", "--jobs=" + jobs, "--format=" + StepUsage.FORMAT);
        if (!output.succeeded()) {
            log.atWarn().setMessage("sstat did not give the running jobs' usage").addKeyValue("jobs", jobs)
                    .addKeyValue("said", output.stderr().strip()).log();
            return Map.of();
        }
        return StepUsage.parse(output.stdout());
    }

    /** {@link #usage(Collection)} of one job. */
    public Optional<StepUsage> usage(SlurmJobId id) {
        return Optional.ofNullable(usage(List.of(id)).get(id));
    }

    /** Signals a job ({@code 12}) or steps of it ({@code 12.0 12.1}); false, logged, when Slurm did not deliver the signal. */
    private boolean signalStarted(List<String> ids, String signal) {
        List<String> command = new ArrayList<>(List.of("scancel", "--signal=" + signal));
        command.addAll(ids);
        try {
            CliOutput output = cli.run(command, "");
            if (!output.succeeded()) {
                log.atDebug().setMessage("Slurm did not deliver the signal").addKeyValue("slurmJob", ids).addKeyValue("signal", signal)
                        .addKeyValue("said", output.stderr().strip()).log();
            }
            return output.succeeded();
        } catch (LeptonException e) {
            log.atWarn().setMessage("Slurm did not deliver the signal in time").addKeyValue("slurmJob", ids).addKeyValue("signal", signal)
                    .addKeyValue("error", e.getMessage()).log();
            return false;
        }
    }

    private String squeue(Set<SlurmJobId> ids) {
        CliOutput output = cli.run("squeue", "--noheader", "--states=all", "--jobs=" + joined(ids), "--Format=" + SQUEUE_FIELDS);
        if (!output.succeeded() && output.stderr().contains("Invalid job id")) {
            return "";  // squeue knows none of them (with some known, it lists those and succeeds)
        }
        return output.orThrow().stdout();
    }

    private String sacct(List<SlurmJobId> ids) {
        List<String> command;
        if (config.hasAccounting()) {
            command = List.of("sacct", "--noheader", "--parsable2", "--allocations", "--jobs=" + joined(ids), "--format=" + SACCT_FIELDS);
        } else if (config.hasCompletionLog()) {
            command = List.of("sacct", "--completion", "--noheader", "--parsable2", "--jobs=" + joined(ids), "--format=" + SACCT_FIELDS);
        } else {
            return "";
        }
        CliOutput output = cli.run(command, "");
        if (!output.succeeded()) {
            log.atWarn().setMessage("sacct did not answer for jobs slurmctld has forgotten; taking them as gone")
                    .addKeyValue("jobs", joined(ids)).addKeyValue("said", output.stderr().strip()).log();
            return "";
        }
        return output.stdout();
    }

    private static void prepare(SlurmGang gang) {
        GangFiles files = gang.files();
        try {
            Files.createDirectories(gang.directory());
            Files.deleteIfExists(files.stopRequest());
            Files.writeString(files.shapeRecord(), new GangShape(gang.layout(), gang.perTask()).line());
            try (Stream<Path> leftovers = Files.list(gang.directory())) {
                for (Path record : leftovers.filter(p -> p.getFileName().toString().matches("(exit|step)-\\d+")).toList()) {
                    Files.deleteIfExists(record);
                }
            }
        } catch (IOException e) {
            throw new LeptonException(ErrorCode.INTERNAL, "cannot prepare the gang directory " + gang.directory() + ": " + e.getMessage(), e);
        }
    }

    private static void requestStop(GangFiles files) {
        try {
            Files.writeString(files.stopRequest(), "");
        } catch (IOException e) {
            // Without it the job still stops; Slurm records it as FAILED instead of CANCELLED.
            log.atWarn().setMessage("cannot leave the stop request").addKeyValue("path", files.stopRequest())
                    .addKeyValue("error", e.toString()).log();
        }
    }

    private static String joined(Collection<SlurmJobId> ids) {
        return ids.stream().map(SlurmJobId::toString).collect(Collectors.joining(","));
    }

    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\\R")) {
            if (!line.isBlank()) {
                lines.add(line.strip());
            }
        }
        return lines;
    }
}
