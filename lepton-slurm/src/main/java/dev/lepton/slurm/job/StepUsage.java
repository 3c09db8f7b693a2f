package dev.lepton.slurm.job;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * What the tasks of a gang's step have used so far, as one line of {@code sstat} gives it: all of them
 * together ({@code TRESUsageInTot}) and the most any one used ({@code TRESUsageInMax}), over
 * {@code tasks} tasks ({@code NTasks}).
 *
 * <p>{@code sstat} has no figure per task: {@code TRESUsageInMaxTask} names a task for each maximum,
 * but Slurm 22.05 names task 0 for the CPU maximum whichever task it was (checked here), so it is not
 * used. {@link #perTask()} says how the step's figures are shared among its tasks.
 */
public record StepUsage(SlurmJobId job, int tasks, SlurmUsage total, SlurmUsage largest) {
    /** The fields asked of {@code sstat}, in the order {@link #parse} reads them. */
    static final String FORMAT = "JobID,NTasks,TRESUsageInTot,TRESUsageInMax";

    public StepUsage {
        requireNonNull(job, "job is null");
        requireNonNull(total, "total is null");
        requireNonNull(largest, "largest is null");
        if (tasks < 1) {
            throw new IllegalArgumentException("a step has at least one task, got " + tasks);
        }
    }

    /**
     * One task's share: the mean CPU time (so the tasks add up to the step), the largest task's peak
     * memory (so no task's peak is understated, and the gang's peak is exact) and an equal share of the
     * energy. Slurm's energy plugins measure a node, not a task, and every node of a gang runs as many
     * tasks with as much each ({@link GangLayout}), so an equal share is each task's part of its nodes.
     */
    public SlurmUsage perTask() {
        OptionalDouble energy = total.energyJoules().isPresent() ? OptionalDouble.of(total.energyJoules().getAsDouble() / tasks)
                : OptionalDouble.empty();
        return new SlurmUsage(total.cpuTime().dividedBy(tasks), largest.memoryBytes(), energy);
    }

    /**
     * The lines of {@code sstat --noheader --parsable2 --format=}{@value #FORMAT} that are a task
     * step ({@code ID.0}), by job. {@code sstat} prints nothing for a step that does not run (not
     * started, ended: it says so on its standard error), so a job asked after may be missing.
     */
    public static Map<SlurmJobId, StepUsage> parse(String sstat) {
        Map<SlurmJobId, StepUsage> steps = new LinkedHashMap<>();
        String taskStep = "\\d{1,18}\\." + SlurmJobs.TASK_STEP;
        for (String line : SlurmJobs.lines(sstat)) {
            String[] fields = line.split("\\|", -1);
            if (fields.length != 4 || !fields[0].matches(taskStep) || !fields[1].matches("\\d{1,9}") || Integer.parseInt(fields[1]) < 1) {
                continue;
            }
            SlurmJobId job = SlurmJobId.parse(fields[0].substring(0, fields[0].indexOf('.')));
            steps.put(job, new StepUsage(job, Integer.parseInt(fields[1]), SlurmUsage.fromTres(fields[2]), SlurmUsage.fromTres(fields[3])));
        }
        return steps;
    }
}
