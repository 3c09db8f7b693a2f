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
 * environment and starts each task as a step of its own ({@code srun --exact}, one task on its node
 * with the task's CPUs, memory and GPUs), each through {@link #TASK_WRAPPER}: {@code sstat} has figures
 * per step, so one step per task gives each rank its own. The script's output is {@code batch.log},
 * each task's is its own {@code worker-RANK.log}.
 */
public record BatchScript(List<String> command, String script) {
    /**
     * Runs in each task: $1 is the gang directory, $2 the task's rank, $3 its place on its node, $4
     * the node's place in the gang, $5 the gang's tasks, $6 its nodes; the task's command follows. A
     * task is its step's only one, so the wrapper sets the variables a task learns its place in the
     * gang from ({@code SLURM_PROCID}, {@code SLURM_LOCALID}, {@code SLURM_NODEID}, {@code SLURM_NTASKS},
     * {@code SLURM_NPROCS}, {@code SLURM_NNODES}) to what one step of all the tasks would have given,
     * and records its step's id. The traps keep the wrapper alive through the signals Slurm sends every
     * process of the step (SIGTERM of a stop, a warning signal), which the command gets as well: POSIX
     * defers a trap while the shell waits for a foreground command, and the command, started after the
     * traps, has the default action back. So when the command ends, of a signal or not, the wrapper
     * records its status (128 + N for signal N) in one write of a few bytes ending in a newline.
     * SIGKILL leaves no record.
     */
    static final String TASK_WRAPPER = """
            trap ':' TERM INT HUP QUIT USR1 USR2
            records=$1 rank=$2
            export SLURM_PROCID="$2" SLURM_LOCALID="$3" SLURM_NODEID="$4" SLURM_NTASKS="$5" SLURM_NPROCS="$5" SLURM_NNODES="$6"
            export LEPTON_WORKER_RANK="$2"
            shift 6
            printf '%s\\n' "$SLURM_STEP_ID" > "$records/step-$rank"
            "$@"; code=$?
            printf '%s\\n' "$code" > "$records/exit-$rank.part"
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
            line.add(gres(task, layout.tasksPerNode()));
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
     * The batch script: one {@code srun} in the background per task, node by node, then a wait for them
     * all (the script's status is a failed task's, else 0). After that, a stop request in the directory
     * means Lepton stopped the tasks with a signal ({@link SlurmJobs#terminate}); the script then cancels
     * its own job, so that Slurm records the job as CANCELLED rather than FAILED by the signal's exit
     * status. The script's own variables start with {@code lepton_}, apart from the gang's.
     */
    private static String script(SlurmGang gang) {
        GangLayout layout = gang.layout();
        GangFiles files = gang.files();
        TaskResources task = gang.perTask();
        Map<String, String> env = new TreeMap<>(gang.env());
        if (task.gpus() > 0) {
            env.remove("CUDA_VISIBLE_DEVICES");
        }
        List<String> srun = new ArrayList<>(List.of("srun", "--export=ALL", "--kill-on-bad-exit=0", "--exact", "--nodes=1", "--ntasks=1",
                "--cpus-per-task=" + task.cpus()));
        if (task.memoryBytes() > 0) {
            srun.add("--mem=" + mebibytes(task.memoryBytes()) + "M");
        }
        if (task.gpus() > 0) {
            srun.add(gres(task, 1));
        }
        // The task's exit record is published only once its step has ended: Slurm writes a task's output through
        // its step daemon, which may still be writing when the command has exited, and a log read as soon as
        // the exit is seen must be whole.
        String record = quote(gang.directory().toString()) + "/exit-\"$lepton_rank\"";
        String step = "{ " + srun.stream().map(BatchScript::quote).collect(Collectors.joining(" "))
                + " --nodelist=\"$lepton_node\" --output=" + quote(files.logPrefix()) + "\"$lepton_rank\".log"
                + " /bin/sh -c \"$lepton_wrapper\" lepton-task " + quote(gang.directory().toString())
                + " \"$lepton_rank\" \"$lepton_local\" \"$lepton_index\" " + layout.tasks() + " " + layout.nodes().size() + " "
                + gang.command().stream().map(BatchScript::quote).collect(Collectors.joining(" "))
                + "; lepton_status=$?; [ -e " + record + ".part ] && mv -f " + record + ".part " + record + "; exit \"$lepton_status\"; } &\n";
        return "#!/bin/sh\n"
                + "# Lepton gang " + gang.name() + ": " + layout.tasks() + " task(s) on " + String.join(",", layout.nodes()) + ", a step each\n"
                + env.entrySet().stream().map(e -> "export " + e.getKey() + "=" + quote(e.getValue()) + "\n").collect(Collectors.joining())
                + "lepton_wrapper=" + quote(TASK_WRAPPER) + "\n"
                + "lepton_pids= lepton_rank=0 lepton_index=0\n"
                + "for lepton_node in " + String.join(" ", layout.nodes()) + "; do\n"
                + "  lepton_local=0\n"
                + "  while [ \"$lepton_local\" -lt " + layout.tasksPerNode() + " ]; do\n"
                + "    " + step
                + "    lepton_pids=\"$lepton_pids $!\"\n"
                + "    lepton_rank=$((lepton_rank + 1)) lepton_local=$((lepton_local + 1))\n"
                + "  done\n"
                + "  lepton_index=$((lepton_index + 1))\n"
                + "done\n"
                + "lepton_code=0\n"
                + "for lepton_pid in $lepton_pids; do wait \"$lepton_pid\" || lepton_code=$?; done\n"
                + "if [ -e " + quote(files.stopRequest().toString()) + " ]; then scancel \"$SLURM_JOB_ID\"; fi\n"
                + "exit \"$lepton_code\"\n";
    }

    /** Single quotes, which keep everything but a single quote, written as '\''. */
    static String quote(String text) {
        return text.matches("[A-Za-z0-9_./=:,%+-]+") ? text : "'" + text.replace("'", "'\\''") + "'";
    }

    /** The devices of {@code tasks} tasks, of the task's GRES and of its type where it names one. */
    private static String gres(TaskResources task, int tasks) {
        return "--gres=" + task.gres() + ":" + task.gpuType().map(type -> type + ":").orElse("") + task.gpus() * tasks;
    }

    private static long mebibytes(long bytes) {
        return (bytes + (1L << 20) - 1) >> 20;
    }
}
