package dev.lepton.server;

import static java.util.Objects.requireNonNull;

import dev.lepton.kubernetes.PodBinding;
import dev.lepton.slurm.node.SlurmGresMap;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * What runs the server's workers and where its nodes come from ({@code lepton server --executor}): this
 * machine's processes ({@code local}, the default), a Slurm partition's nodes with one batch job per
 * gang ({@code slurm}, with {@code --slurm-partition} and {@code --slurm-gres}, which GRES are which accelerator), or a
 * Kubernetes cluster's nodes with a pod per worker ({@code kubernetes}, with {@code --kubeconfig}, {@code --namespace},
 * {@code --kubernetes-binding} and {@code --prometheus-url}, all optional).
 */
public record ExecutorChoice(Kind kind, Optional<String> slurmPartition, Optional<Path> kubeconfig, Optional<String> namespace,
                             Optional<PodBinding> kubernetesBinding, Optional<URI> prometheusUrl, SlurmGresMap slurmGres) {
    public static final ExecutorChoice LOCAL = new ExecutorChoice(Kind.LOCAL, Optional.empty(), Optional.empty(), Optional.empty());

    /** Without {@code --kubernetes-binding}: pods bound by {@code spec.nodeName} on Kubernetes. */
    public ExecutorChoice(Kind kind, Optional<String> slurmPartition, Optional<Path> kubeconfig, Optional<String> namespace) {
        this(kind, slurmPartition, kubeconfig, namespace, Optional.empty());
    }

    /** Without {@code --prometheus-url} (workers' energy on Kubernetes modelled) and with Slurm's GRES {@code gpu} as NVIDIA's GPUs alone ({@link SlurmGresMap#DEFAULT}). */
    public ExecutorChoice(Kind kind, Optional<String> slurmPartition, Optional<Path> kubeconfig, Optional<String> namespace,
                          Optional<PodBinding> kubernetesBinding) {
        this(kind, slurmPartition, kubeconfig, namespace, kubernetesBinding, Optional.empty(), SlurmGresMap.DEFAULT);
    }

    /** The workers run as pods on the cluster {@code kubeconfig} names, in its namespace, bound by {@code spec.nodeName}. */
    public static ExecutorChoice kubernetes(Path kubeconfig) {
        return new ExecutorChoice(Kind.KUBERNETES, Optional.empty(), Optional.of(kubeconfig), Optional.empty());
    }

    /** The workers run by Slurm, on {@code partition}'s nodes. */
    public static ExecutorChoice slurm(String partition) {
        return new ExecutorChoice(Kind.SLURM, Optional.of(partition), Optional.empty(), Optional.empty());
    }

    /** The executors there are, by the name the flag takes. */
    public enum Kind {
        LOCAL, SLURM, KUBERNETES;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@code local}, {@code slurm} or {@code kubernetes}; anything else is refused, saying which there are. */
        public static Kind ofLabel(String label) {
            for (Kind kind : values()) {
                if (kind.label().equals(label.strip().toLowerCase(Locale.ROOT))) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("local, slurm or kubernetes");
        }
    }

    public ExecutorChoice {
        requireNonNull(kind, "kind is null");
        requireNonNull(slurmPartition, "slurmPartition is null");
        requireNonNull(kubeconfig, "kubeconfig is null");
        requireNonNull(namespace, "namespace is null");
        requireNonNull(kubernetesBinding, "kubernetesBinding is null");
        requireNonNull(prometheusUrl, "prometheusUrl is null");
        requireNonNull(slurmGres, "slurmGres is null");
        if (kind == Kind.SLURM && slurmPartition.filter(p -> !p.isBlank()).isEmpty()) {
            throw new IllegalArgumentException("--executor slurm: name the partition to run in with --slurm-partition PARTITION "
                    + "(sinfo lists them)");
        }
        if (kind != Kind.SLURM && slurmPartition.isPresent()) {
            throw new IllegalArgumentException("--slurm-partition: only with --executor slurm (the executor is " + kind.label() + ")");
        }
        if (kind != Kind.SLURM && !slurmGres.equals(SlurmGresMap.DEFAULT)) {
            throw new IllegalArgumentException("--slurm-gres: only with --executor slurm (the executor is " + kind.label() + ")");
        }
        if (kind != Kind.KUBERNETES && (kubeconfig.isPresent() || namespace.isPresent() || kubernetesBinding.isPresent()
                || prometheusUrl.isPresent())) {
            throw new IllegalArgumentException((kubeconfig.isPresent() ? "--kubeconfig" : namespace.isPresent() ? "--namespace"
                    : kubernetesBinding.isPresent() ? "--kubernetes-binding" : "--prometheus-url") + ": only with --executor kubernetes (the "
                    + "executor is " + kind.label() + ")");
        }
    }
}
