package dev.lepton.slurm.job;

import static java.util.Objects.requireNonNull;

import dev.lepton.slurm.SlurmTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The {@code sbatch} command line and batch script for a gang. The allocation is exactly Lepton's
 * placement ({@code --nodelist}, {@code --nodes}, {@code --ntasks-per-node}, per-task CPUs, per-node
 * memory and GPUs) and never requeued by Slurm: Lepton decides retries. The script (given on
 * {@code sbatch}'s standard input, so the environment never lands in a file) exports the gang's
 * environment and runs one {@code srun} over all tasks, each through {@link #TASK_WRAPPER}; its
 * output is {@code batch.log}, each task's is its own {@code worker-RANK.log}.
 */
public record BatchScript(List<String> command, String script) {
    /**
     * Runs in each task: $1 is the gang directory, the task's command follows. The rank is Slurm's
     * task id. The traps keep the wrapper alive through the signals Slurm sends every process of the
     * step (SIGTERM of a stop, a warning signal), which the command gets as well: POSIX defers a trap
     * while the shell waits for a foreground command, and the command, started after the traps, has
     * the default action back. So when the command ends, of a signal or not, the wrapper records its
     * status (128 + N for signal N) in one write of a few bytes ending in a newline. SIGKILL leaves no
     * record.
     */
    static final String TASK_WRAPPER = """
            trap ':' TERM INT HUP QUIT USR1 USR2
            records=$1; shift
            export LEPTON_WORKER_RANK="$SLURM_PROCID"
            "$@"; code=$?
            printf '%s\\n' "$code" > "$records/exit-$LEPTON_WORKER_RANK"
            exit "$code"
            """;

    public BatchScript {
        command = List.copyOf(command);
        requireNonNull(script, "script is null");
    }

    public static BatchScript of(SlurmGang gang) {
        return new BatchScript(sbatch(gang), script(gang));
    }

    private static List<String> sbatch(SlurmGang gang) {
        GangLayout layout = gang.layout();
        TaskResources task = gang.perTask();
        List<String> line = new ArrayList<>(List.of("sbatch", "--parsable",
                "--job-name=" + gang.name(),
                "--partition=" + gang.partition(),
                "--nodelist=" + String.join(",", layout.nodes()),
                "--nodes=" + layout.nodes().size(),
                "--ntasks=" + layout.tasks(),
                "--ntasks-per-node=" + layout.tasksPerNode(),
                "--cpus-per-task=" + task.cpus()));
        if (task.memoryBytes() > 0) {
            line.add("--mem=" + mebibytes(task.memoryBytes() * layout.tasksPerNode()) + "M");
        }
        if (task.gpus() > 0) {
            line.add("--gres=gpu:" + task.gpuType().map(type -> type + ":").orElse("") + task.gpus() * layout.tasksPerNode());
        }
        gang.timeLimit().ifPresent(limit -> line.add("--time=" + SlurmTime.limit(limit)));
        line.addAll(List.of(
                "--output=" + gang.files().batchLogPattern(),
                "--chdir=" + gang.workingDirectory().orElse(gang.directory()),
                "--export=NONE",
                "--no-requeue"));
        return line;
    }

    /**
     * The batch script. After {@code srun} returns, a stop request in the directory means Lepton
     * stopped the tasks with a signal ({@link SlurmJobs#terminate}); the script then cancels its own
     * job, so that Slurm records the job as CANCELLED rather than FAILED by the signal's exit status.
     */
    private static String script(SlurmGang gang) {
        GangLayout layout = gang.layout();
        GangFiles files = gang.files();
        Map<String, String> env = new TreeMap<>(gang.env());
        if (gang.perTask().gpus() > 0) {
            env.remove("CUDA_VISIBLE_DEVICES");
        }
        List<String> srun = new ArrayList<>(List.of("srun", "--export=ALL", "--kill-on-bad-exit=0",
                "--nodes=" + layout.nodes().size(), "--ntasks=" + layout.tasks(), "--ntasks-per-node=" + layout.tasksPerNode(),
                "--cpus-per-task=" + gang.perTask().cpus(), "--output=" + files.logPattern(),
                "/bin/sh", "-c", TASK_WRAPPER, "lepton-task", gang.directory().toString()));
        srun.addAll(gang.command());
        return "#!/bin/sh\n"
                + "# Lepton gang " + gang.name() + ": " + layout.tasks() + " task(s) on " + String.join(",", layout.nodes()) + "\n"
                + env.entrySet().stream().map(e -> "export " + e.getKey() + "=" + quote(e.getValue()) + "\n").collect(Collectors.joining())
                + srun.stream().map(BatchScript::quote).collect(Collectors.joining(" ")) + "\n"
                + "code=$?\n"
                + "if [ -e " + quote(files.stopRequest().toString()) + " ]; then scancel \"$SLURM_JOB_ID\"; fi\n"
                + "exit \"$code\"\n";
    }

    /** Single quotes, which keep everything but a single quote, written as '\''. */
    static String quote(String text) {
        return text.matches("[A-Za-z0-9_./=:,%+-]+") ? text : "'" + text.replace("'", "'\\''") + "'";
    }

    private static long mebibytes(long bytes) {
        return (bytes + (1L << 20) - 1) >> 20;
    }
}
