package dev.lepton.kubernetes.node;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.node.Node;
import dev.lepton.core.node.NodeSource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster's nodes, watched (an informer on Node objects, never a poll): on start and on each change
 * that Lepton sees (a node joins or leaves, turns unhealthy, is resized, relabelled or tainted) the
 * listener gets the whole list, sorted by name. Heartbeats, which change a node's conditions' times
 * and nothing Lepton reads, tell it nothing. One thread of its own tells the listener, so lists arrive
 * in the order the cluster changed.
 */
public final class KubernetesNodeSource implements NodeSource {
    private static final Logger log = LoggerFactory.getLogger(KubernetesNodeSource.class);

    private final KubernetesClient client;
    private final ExecutorService teller = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("lepton-k8s-nodes").factory());
    /** Set while a telling is queued: changes that come meanwhile are in the list it will take. */
    private final AtomicBoolean queued = new AtomicBoolean();
    private volatile SharedIndexInformer<io.fabric8.kubernetes.api.model.Node> informer;
    private volatile Consumer<List<Node>> listener;
    /** What the listener was last told; touched on the teller thread only. */
    private List<Node> told;

    /** {@code client} is the source's own: {@link #close()} closes it. */
    public KubernetesNodeSource(KubernetesClient client) {
        this.client = requireNonNull(client, "client is null");
    }

    /**
     * Lists the nodes (an {@link IllegalStateException} in one line if it cannot: no permission), tells them before it
     * returns, and watches for changes.
     */
    @Override
    public void start(Consumer<List<Node>> listener) {
        if (this.listener != null) {
            throw new IllegalStateException("node source already started");
        }
        this.listener = requireNonNull(listener, "listener is null");
        try {
            this.informer = client.nodes().inform(new NodeEvents(), 0);
        } catch (KubernetesClientException e) {
            throw new IllegalStateException(("cannot watch the cluster's nodes: " + e.getMessage()).replaceAll("\\s+", " ").strip(), e);
        }
        log.atInfo().setMessage("watching cluster nodes").addKeyValue("nodes", informer.getStore().list().size()).log();
        // The first list is told before start returns, as every source does, and on the teller thread, in order with later ones.
        try {
            teller.submit(this::tell).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("telling the cluster's nodes failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class NodeEvents implements ResourceEventHandler<io.fabric8.kubernetes.api.model.Node> {
        @Override
        public void onAdd(io.fabric8.kubernetes.api.model.Node node) {
            changed();
        }

        @Override
        public void onUpdate(io.fabric8.kubernetes.api.model.Node before, io.fabric8.kubernetes.api.model.Node node) {
            changed();
        }

        @Override
        public void onDelete(io.fabric8.kubernetes.api.model.Node node, boolean finalStateUnknown) {
            changed();
        }
    }

    /** Something may have changed: tell the listener, unless a telling is already queued. Never before start has listed. */
    private void changed() {
        if (informer == null || teller.isShutdown() || !queued.compareAndSet(false, true)) {
            return;
        }
        try {
            teller.execute(this::tell);
        } catch (RejectedExecutionException e) {
            log.debug("node change after close, not told");
        }
    }

    private void tell() {
        queued.set(false);
        try {
            List<Node> nodes = informer.getStore().list().stream().map(NodeMapping::toLepton).sorted(Comparator.comparing(Node::name))
                    .toList();
            if (nodes.equals(told)) {
                return;
            }
            told = nodes;
            listener.accept(nodes);
        } catch (RuntimeException e) {
            // The next change tells again; a listener that throws must not end the telling.
            log.atError().setMessage("telling the cluster's nodes failed").setCause(e).log();
        }
    }

    /** The node as this source's watch last saw it; empty before it has listed, or for a node it has not seen. */
    public Optional<io.fabric8.kubernetes.api.model.Node> cached(String name) {
        SharedIndexInformer<io.fabric8.kubernetes.api.model.Node> watching = informer;
        return watching == null ? Optional.empty() : Optional.ofNullable(watching.getStore().getByKey(name));
    }

    @Override
    public void close() {
        teller.shutdown();
        if (informer != null) {
            informer.close();
        }
        client.close();
    }
}
