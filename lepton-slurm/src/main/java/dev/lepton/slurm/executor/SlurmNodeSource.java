package dev.lepton.slurm.executor;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.node.Node;
import dev.lepton.core.node.NodeSource;
import dev.lepton.slurm.node.SlurmGresMap;
import dev.lepton.slurm.node.SlurmNodes;
import dev.lepton.slurm.node.SlurmPartition;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nodes of a Slurm partition, read with {@code scontrol} when started and every {@code every}
 * after (Slurm has no watch); told only when they change. {@code settings} adds what the operator
 * says of every node (region, price, labels). A failed read keeps the nodes last told, logged.
 */
public final class SlurmNodeSource implements NodeSource {
    private static final Logger log = LoggerFactory.getLogger(SlurmNodeSource.class);

    private final SlurmNodes slurm;
    private final SlurmPartition partition;
    private final UnaryOperator<Node> settings;
    private final Duration every;
    private final SlurmGresMap gresMap;
    private final ScheduledExecutorService poller =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("slurm-nodes").daemon().factory());
    private List<Node> last;

    public SlurmNodeSource(SlurmNodes slurm, SlurmPartition partition, UnaryOperator<Node> settings, Duration every) {
        this(slurm, partition, SlurmGresMap.DEFAULT, settings, every);
    }

    /** @param gresMap which GRES are which accelerator resource ({@code --slurm-gres}) */
    public SlurmNodeSource(SlurmNodes slurm, SlurmPartition partition, SlurmGresMap gresMap, UnaryOperator<Node> settings, Duration every) {
        this.gresMap = requireNonNull(gresMap, "gresMap is null");
        this.slurm = requireNonNull(slurm, "slurm is null");
        this.partition = requireNonNull(partition, "partition is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.every = requireNonNull(every, "every is null");
    }

    /** Reads the nodes once on the caller's thread (a failure here stops the server, naming it), then polls. */
    @Override
    public void start(Consumer<List<Node>> listener) {
        tell(listener);
        poller.scheduleWithFixedDelay(() -> {
            try {
                tell(listener);
            } catch (RuntimeException e) {
                log.atWarn().setMessage("cannot read the Slurm partition's nodes; keeping the last read").addKeyValue("partition",
                        partition.name()).addKeyValue("error", e.getMessage()).log();
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tell(Consumer<List<Node>> listener) {
        List<Node> now = slurm.nodes(partition).stream().map(n -> settings.apply(n.asNode(partition.name(), gresMap))).toList();
        if (!now.equals(last)) {
            last = now;
            listener.accept(now);
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
