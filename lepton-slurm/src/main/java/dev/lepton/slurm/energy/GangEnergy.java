package dev.lepton.slurm.energy;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.energy.WorkerEnergy;
import dev.lepton.slurm.job.SlurmUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * What each task of one gang has drawn so far, and the figure it ends at.
 *
 * <p>Where an energy plugin measures the nodes ({@code plugin}), a task's figure is its step's
 * {@code energy=} shared among the gang's tasks on that node: Slurm measures a node, and a step's figure
 * is its node's draw while the step ran, so each of the {@code tasksPerNode} steps there reports about
 * the same node figure. Once the job has ended, {@code sacct}'s {@code ConsumedEnergyRaw} (all the
 * job's nodes from its start to its end) settles what the last samples missed ({@link #settled}).
 * Where nothing measures the nodes, a task's figure is modelled ({@link TaskModel}) from its CPU time,
 * sample by sample. Without a settled figure, what a task drew after its last sample (or all of it,
 * where a plugin never gave a figure) is modelled, at its last interval's CPU use until its end.
 *
 * <p>The sampler and the poller that sees tasks end both call it; its methods are synchronized.
 */
public final class GangEnergy {
    private final Optional<String> plugin;
    private final int tasksPerNode;
    private final Map<Integer, Task> tasks = new HashMap<>();

    /** One task's running figures. */
    private static final class Task {
        TaskModel model;
        Instant since;
        double cpuSeconds;
        double cpuRate;
        double modelled;
        OptionalDouble measured = OptionalDouble.empty();
        double modelledAtMeasure;
        Instant ended;
    }

    /**
     * @param plugin the energy plugin that measures the nodes ({@code acct_gather_energy/rapl}), empty where none does
     * @param tasksPerNode how many of the gang's tasks each of its nodes runs
     */
    public GangEnergy(Optional<String> plugin, int tasksPerNode, Set<Integer> ranks) {
        this.plugin = requireNonNull(plugin, "plugin is null");
        if (tasksPerNode < 1) {
            throw new IllegalArgumentException("tasksPerNode must be at least 1, got " + tasksPerNode);
        }
        this.tasksPerNode = tasksPerNode;
        ranks.forEach(rank -> tasks.put(rank, new Task()));
    }

    /**
     * The task of {@code rank} runs at {@code at}, having used {@code used} so far (empty: {@code sstat}
     * had no figure this time; the next brings it). {@code model} is its node's, where one is known.
     * The first sample of a task starts its count; a task that has ended is left as it is.
     */
    public synchronized void sample(int rank, Instant at, Optional<SlurmUsage> used, Optional<TaskModel> model) {
        Task task = tasks.get(rank);
        if (task == null || task.ended != null) {
            return;
        }
        if (task.model == null) {
            task.model = model.orElse(null);
        }
        double cpu = used.map(u -> u.cpuTime().toNanos() / 1e9).orElse(task.cpuSeconds);
        double busy = Math.max(0, cpu - task.cpuSeconds);
        Duration interval = task.since == null ? Duration.ZERO : Duration.between(task.since, at);
        if (task.model != null) {
            task.modelled += task.model.joules(interval, busy);
        }
        if (interval.isPositive()) {
            task.cpuRate = busy / (interval.toNanos() / 1e9);
        }
        task.since = at;
        task.cpuSeconds = Math.max(cpu, task.cpuSeconds);
        if (plugin.isPresent()) {
            used.flatMap(u -> u.energyJoules().isPresent() ? Optional.of(u.energyJoules().getAsDouble()) : Optional.empty())
                    .ifPresent(joules -> {
                        task.measured = OptionalDouble.of(joules / tasksPerNode);
                        task.modelledAtMeasure = task.modelled;
                    });
        }
    }

    /**
     * The figure of a running task: where a plugin measures the nodes, its share of what its step
     * measured (empty until there is one); else what the model gave it so far (empty before its first
     * sample, or without a model of its node).
     */
    public synchronized Optional<WorkerEnergy> running(int rank) {
        Task task = tasks.get(rank);
        if (task == null || task.ended != null || task.since == null) {
            return Optional.empty();
        }
        if (plugin.isPresent()) {
            return task.measured.isPresent() ? Optional.of(new WorkerEnergy(task.measured.getAsDouble(), WorkerEnergy.slurm(plugin.get())))
                    : Optional.empty();
        }
        return Optional.ofNullable(task.model).map(m -> WorkerEnergy.modelled(task.modelled, m.source()));
    }

    /** The task of {@code rank} ended at {@code at} (its exit seen); its last sample stays its last. */
    public synchronized void end(int rank, Instant at) {
        Task task = tasks.get(rank);
        if (task != null && task.ended == null) {
            task.ended = at;
        }
    }

    /**
     * The figure each task ends at, once its job has ended. With {@code consumed}, the job's energy as
     * {@code sacct} keeps it, the tasks' last measured figures and an equal share of what they missed
     * ({@link #settled}), measured; without it, each task's last figure and the model's figure for what
     * came after (until its end, at the CPU use of its last interval), modelled. A task never sampled
     * has no figure unless {@code consumed} gives it a share.
     */
    public synchronized Map<Integer, WorkerEnergy> settle(OptionalDouble consumed) {
        if (plugin.isPresent() && consumed.isPresent()) {
            Map<Integer, Double> last = new HashMap<>();
            tasks.forEach((rank, task) -> last.put(rank, task.measured.orElse(0)));
            Map<Integer, WorkerEnergy> settled = new HashMap<>();
            settled(consumed.getAsDouble(), last).forEach((rank, joules) ->
                    settled.put(rank, new WorkerEnergy(joules, WorkerEnergy.slurm(plugin.get()))));
            return settled;
        }
        Map<Integer, WorkerEnergy> settled = new HashMap<>();
        tasks.forEach((rank, task) -> {
            if (task.model == null) {
                // Nothing models what came after: the last measured figure stands, adding nothing.
                plugin.ifPresent(p -> task.measured.ifPresent(j -> settled.put(rank, new WorkerEnergy(j, WorkerEnergy.slurm(p)))));
                return;
            }
            if (task.since == null) {
                return;
            }
            if (task.ended != null && task.ended.isAfter(task.since)) {
                Duration rest = Duration.between(task.since, task.ended);
                task.modelled += task.model.joules(rest, task.cpuRate * rest.toNanos() / 1e9);
                task.since = task.ended;
            }
            double joules = task.measured.isPresent() ? task.measured.getAsDouble() + task.modelled - task.modelledAtMeasure : task.modelled;
            settled.put(rank, WorkerEnergy.modelled(joules, task.model.source()));
        });
        return settled;
    }

    /**
     * Each task's last figure plus an equal share of what the job's {@code consumed} energy holds beyond
     * their sum: the draw between the last samples and the end, which only {@code sacct} knows. Nothing is
     * taken away when the figures already reach it (a step's node figures overlap the job's at its edges).
     */
    public static Map<Integer, Double> settled(double consumed, Map<Integer, Double> last) {
        double missed = Math.max(0, consumed - last.values().stream().mapToDouble(Double::doubleValue).sum());
        Map<Integer, Double> settled = new HashMap<>();
        last.forEach((rank, joules) -> settled.put(rank, joules + missed / last.size()));
        return settled;
    }
}
