package dev.lepton.server;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.energy.EnergySampling;
import dev.lepton.core.execution.AttemptCleanup;
import dev.lepton.core.execution.Executor;
import dev.lepton.core.execution.LogAccess;
import dev.lepton.core.execution.UsageSampling;
import dev.lepton.core.node.Node;
import dev.lepton.core.node.NodeSource;
import dev.lepton.node.code.CodeUnpacker;
import dev.lepton.node.process.LocalExecutorConfig;
import dev.lepton.node.process.LocalProcessExecutor;
import dev.lepton.node.process.VisibleDevices;
import dev.lepton.kubernetes.KubernetesCluster;
import dev.lepton.kubernetes.KubernetesConfig;
import dev.lepton.kubernetes.node.KubernetesNodeSource;
import dev.lepton.kubernetes.pod.KubernetesExecutor;
import dev.lepton.node.power.NodePower;
import dev.lepton.slurm.ProcessSlurmCli;
import dev.lepton.slurm.SlurmCli;
import dev.lepton.slurm.SlurmCliConfig;
import dev.lepton.slurm.SlurmConfig;
import dev.lepton.slurm.energy.NodeModels;
import dev.lepton.slurm.energy.TaskModels;
import dev.lepton.slurm.executor.CodeSnapshots;
import dev.lepton.slurm.executor.SlurmExecutor;
import dev.lepton.slurm.executor.SlurmNodeSource;
import dev.lepton.slurm.job.SlurmJobs;
import dev.lepton.slurm.node.SlurmNodes;
import dev.lepton.slurm.node.SlurmPartition;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The executor the server runs its workers with and the source of its nodes, as {@code --executor}
 * chose, with what the rest of the server needs of them: the capabilities one executor has and
 * another lacks (usage, measured or modelled energy: {@code Map::of} where it has none), and what each says of its
 * nodes' enforcement and isolation.
 *
 * @param workersPassThroughHome whether workers running as other users must traverse the server's home
 */
record Execution(Executor executor, NodeSource nodes, LogAccess logs, UsageSampling usage, EnergySampling energy,
                 Optional<AttemptCleanup> cleanup, String enforcement, String isolation, boolean workersPassThroughHome) {
    /** How often a Slurm partition's nodes are read again. */
    static final Duration SLURM_NODES_EVERY = Duration.ofSeconds(5);

    Execution {
        requireNonNull(executor, "executor is null");
        requireNonNull(nodes, "nodes is null");
        requireNonNull(logs, "logs is null");
        requireNonNull(usage, "usage is null");
        requireNonNull(energy, "energy is null");
        requireNonNull(cleanup, "cleanup is null");
    }

    /** {@code probed} is this machine as a node, with the operator's settings: the local executor's one node. */
    static Execution of(ServerConfig config, Node probed, InstantSource clock) {
        Path attempts = config.home().resolve("attempts");
        return switch (config.executor().kind()) {
            case LOCAL -> {
                LocalProcessExecutor local = new LocalProcessExecutor(LocalExecutorConfig.defaults(attempts).withIsolation(config.isolation())
                        .withDevices(VisibleDevices.of(probed.gpus())), clock);
                yield new Execution(local, NodeSource.of(List.of(probed)), local, local, EnergySampling.NONE, Optional.of(local), local.enforcement(),
                        local.isolation(), local.workersPassThroughHome());
            }
            case SLURM -> {
                SlurmCli cli = new ProcessSlurmCli(SlurmCliConfig.DEFAULTS);
                SlurmNodes slurm = new SlurmNodes(cli);
                // Refuses a partition Slurm does not have, naming the flag, before anything starts.
                SlurmPartition partition = slurm.partition(config.executor().slurmPartition().orElseThrow());
                // The code store's snapshots, unpacked as the local executor unpacks them, once per gang on the shared file system.
                CodeSnapshots code = new CodeSnapshots(config.home().resolve("code"), CodeUnpacker::unpack);
                SlurmConfig slurmConfig = SlurmConfig.read(cli);
                // Nodes no energy plugin measures are modelled from the table of known hardware the server's own machine uses.
                NodeModels models = new NodeModels(slurm, new TaskModels(NodePower.knownHardware()), !slurmConfig.measuresEnergy());
                SlurmExecutor executor = new SlurmExecutor(new SlurmJobs(cli, slurmConfig), models, partition.name(),
                        config.executor().slurmGres(), attempts, code, clock);
                yield new Execution(executor, new SlurmNodeSource(slurm, partition, config.executor().slurmGres(), config.node()::applyTo,
                        SLURM_NODES_EVERY), executor,
                        executor, executor, Optional.empty(), "slurm", "slurm", false);
            }
            case KUBERNETES -> {
                KubernetesConfig settings = KubernetesConfig.defaults();
                settings = config.executor().kubeconfig().map(settings::withKubeconfig).orElse(settings);
                settings = config.executor().namespace().map(settings::withNamespace).orElse(settings);
                settings = config.executor().kubernetesBinding().map(settings::withBinding).orElse(settings);
                settings = config.executor().prometheusUrl().map(settings::withPrometheus).orElse(settings);
                // Refuses a cluster that does not answer, or a namespace it lacks, in one line, before anything starts.
                KubernetesCluster cluster = KubernetesCluster.connect(settings);
                KubernetesNodeSource nodes = cluster.nodeSource();
                KubernetesExecutor executor = cluster.executor(clock, nodes);
                // Usage from the metrics API where the cluster has one; energy from Prometheus (Kepler, DCGM exporter) where it
                // measures a worker, else modelled from its node's power model.
                yield new Execution(executor, nodes, executor, executor, executor, Optional.of(executor), "kubernetes", "kubernetes", false);
            }
        };
    }
}
