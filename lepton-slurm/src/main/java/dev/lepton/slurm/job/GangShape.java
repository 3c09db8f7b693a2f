package dev.lepton.slurm.job;

import static java.util.Objects.requireNonNull;

import dev.lepton.slurm.KeyValueLine;
import dev.lepton.slurm.node.SlurmGres;
import java.util.Arrays;
import java.util.Optional;

/**
 * Where a gang's tasks run and what each holds, as kept in its directory ({@link GangFiles#shapeRecord()},
 * one line, {@code nodes=cn1,cn2 tasksPerNode=2 cpus=4 memory=1073741824 gpus=1 gpuType=a100}, and {@code gres=NAME} for a GRES other than {@code gpu}): what a
 * server that restarted needs to know of a gang it finds running, and nobody told it.
 */
public record GangShape(GangLayout layout, TaskResources perTask) {
    public GangShape {
        requireNonNull(layout, "layout is null");
        requireNonNull(perTask, "perTask is null");
    }

    String line() {
        return "nodes=" + String.join(",", layout.nodes()) + " tasksPerNode=" + layout.tasksPerNode() + " cpus=" + perTask.cpus()
                + " memory=" + perTask.memoryBytes() + " gpus=" + perTask.gpus() + perTask.gpuType().map(t -> " gpuType=" + t).orElse("")
                + (perTask.gres().equals(SlurmGres.GPU) ? "" : " gres=" + perTask.gres()) + "\n";
    }

    /** The line {@link #line()} wrote; empty for anything else (a record cut short, another version's). */
    static Optional<GangShape> parse(String text) {
        try {
            KeyValueLine line = KeyValueLine.parse(text.strip());
            GangLayout layout = new GangLayout(Arrays.asList(line.required("nodes").split(",")), (int) line.number("tasksPerNode").orElseThrow());
            return Optional.of(new GangShape(layout, new TaskResources((int) line.number("cpus").orElseThrow(), line.number("memory").orElseThrow(),
                    (int) line.number("gpus").orElseThrow(), line.value("gpuType"), line.value("gres").orElse(SlurmGres.GPU))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
