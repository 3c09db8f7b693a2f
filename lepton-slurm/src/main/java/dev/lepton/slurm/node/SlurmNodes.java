package dev.lepton.slurm.node;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import dev.lepton.slurm.CliOutput;
import dev.lepton.slurm.SlurmCli;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The partition Lepton submits to and its nodes, from {@code scontrol}. */
public final class SlurmNodes {
    /** The server setting that names the partition, as messages name it. */
    public static final String PARTITION_SETTING = "--slurm-partition";

    private final SlurmCli cli;

    public SlurmNodes(SlurmCli cli) {
        this.cli = requireNonNull(cli, "cli is null");
    }

    /**
     * The partition of this name (hidden ones included). One that does not exist is a configuration
     * error, {@link ErrorCode#INVALID_ARGUMENT}, whose one-line message names {@value #PARTITION_SETTING},
     * the value and the partitions there are.
     */
    public SlurmPartition partition(String name) {
        requireNonNull(name, "name is null");
        if (name.isBlank() || name.contains(",") || name.chars().anyMatch(Character::isWhitespace)) {
            throw notFound(name);
        }
        CliOutput output = cli.run("scontrol", "--all", "show", "partition", name, "--oneliner");
        if (!output.succeeded()) {
            if ((output.stdout() + output.stderr()).contains("not found")) {
                throw notFound(name);
            }
            throw output.failure();
        }
        return lines(output.stdout()).stream().map(SlurmPartition::parse).filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> notFound(name));
    }

    /** The nodes of the partition, as they are now. */
    public List<SlurmNode> nodes(SlurmPartition partition) {
        String text = cli.run("scontrol", "--all", "show", "node", "--oneliner").orThrow().stdout();
        return lines(text).stream().map(SlurmNode::parse).filter(node -> node.inPartition(partition.name())).toList();
    }

    /** The node of this name as it is now; empty when Slurm does not know it. */
    public Optional<SlurmNode> node(String name) {
        requireNonNull(name, "name is null");
        CliOutput output = cli.run("scontrol", "--all", "show", "node", name, "--oneliner");
        if (!output.succeeded()) {
            return Optional.empty();
        }
        return lines(output.stdout()).stream().map(SlurmNode::parse).filter(node -> node.name().equals(name)).findFirst();
    }

    private LeptonException notFound(String name) {
        List<String> there = partitionNames();
        return new LeptonException(ErrorCode.INVALID_ARGUMENT, PARTITION_SETTING + ": Slurm has no partition '" + name + "'"
                + (there.isEmpty() ? " (it lists none)" : " (it has: " + String.join(", ", there) + ")"));
    }

    private List<String> partitionNames() {
        return lines(cli.run("scontrol", "--all", "show", "partition", "--oneliner").orThrow().stdout()).stream()
                .map(line -> SlurmPartition.parse(line).name()).toList();
    }

    static List<String> lines(String text) {
        return Arrays.stream(text.split("\\R")).filter(line -> !line.isBlank()).collect(Collectors.toList());
    }
}
