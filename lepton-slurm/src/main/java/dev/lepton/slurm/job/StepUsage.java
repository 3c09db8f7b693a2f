package dev.lepton.slurm.job;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the task steps of one job have used so far, step by step, as {@code sstat --allsteps} gives it:
 * each of a gang's tasks is a step of its own ({@link BatchScript}), so a step's figures are its task's.
 * The task of each step is in the gang's step records ({@link GangFiles#step(int)}).
 */
public record StepUsage(SlurmJobId job, Map<Integer, SlurmUsage> steps) {
    /** The fields asked of {@code sstat}, in the order {@link #parse} reads them. */
    static final String FORMAT = "JobID,NTasks,TRESUsageInTot";

    public StepUsage {
        requireNonNull(job, "job is null");
        steps = Map.copyOf(steps);
    }

    /** What step {@code step} has used, if it ran when {@code sstat} was asked. */
    public Optional<SlurmUsage> step(int step) {
        return Optional.ofNullable(steps.get(step));
    }

    /**
     * The lines of {@code sstat --noheader --parsable2 --allsteps --format=}{@value #FORMAT} that are
     * a task step ({@code ID.N}: not the batch script's {@code ID.batch}, nor {@code ID.extern}) of one
     * task, by job. {@code sstat} prints nothing for a step that does not run (not started, ended: it
     * says so on its standard error), so a job or step asked after may be missing.
     */
    public static Map<SlurmJobId, StepUsage> parse(String sstat) {
        Map<SlurmJobId, Map<Integer, SlurmUsage>> byJob = new LinkedHashMap<>();
        for (String line : SlurmJobs.lines(sstat)) {
            String[] fields = line.split("\\|", -1);
            if (fields.length != 3 || !fields[0].matches("\\d{1,18}\\.\\d{1,9}") || !fields[1].equals("1")) {
                continue;
            }
            int dot = fields[0].indexOf('.');
            SlurmJobId job = SlurmJobId.parse(fields[0].substring(0, dot));
            byJob.computeIfAbsent(job, j -> new HashMap<>()).put(Integer.parseInt(fields[0].substring(dot + 1)), SlurmUsage.fromTres(fields[2]));
        }
        Map<SlurmJobId, StepUsage> steps = new LinkedHashMap<>();
        byJob.forEach((job, used) -> steps.put(job, new StepUsage(job, used)));
        return steps;
    }
}
