package dev.lepton.store;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.node.Node;
import dev.lepton.core.node.NodeCordon;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** The nodes that have registered, each as it last described itself, with the operator's hold on it. */
public final class NodeRepository {
    private final Handle handle;
    private final JsonCodec json;

    NodeRepository(Handle handle, JsonCodec json) {
        this.handle = handle;
        this.json = json;
    }

    /** Registers a node or replaces what it reported before. */
    public void upsert(Node node, Instant heartbeatAt) {
        requireNonNull(node, "node is null");
        requireNonNull(heartbeatAt, "heartbeatAt is null");
        handle.createUpdate("""
                        INSERT INTO nodes (name, node, heartbeat_at) VALUES (:name, :node, :heartbeatAt)
                        ON CONFLICT (name) DO UPDATE SET node = excluded.node, heartbeat_at = excluded.heartbeat_at""")
                .bind("name", node.name())
                .bind("node", json.write(node))
                .bind("heartbeatAt", heartbeatAt.toEpochMilli())
                .execute();
    }

    /** Puts the operator's hold on a registered node, or lifts it; answers whether the node is registered. */
    public boolean cordon(String name, Optional<NodeCordon> cordon) {
        requireNonNull(name, "name is null");
        requireNonNull(cordon, "cordon is null");
        return handle.createUpdate("UPDATE nodes SET cordon = :cordon WHERE name = :name")
                .bind("name", name)
                .bind("cordon", cordon.map(json::write).orElse(null))
                .execute() == 1;
    }

    /** All nodes, by name. */
    public List<StoredNode> list() {
        return handle.createQuery("SELECT node, heartbeat_at, cordon FROM nodes ORDER BY name")
                .map(this::storedNode)
                .list();
    }

    public Optional<StoredNode> find(String name) {
        return handle.createQuery("SELECT node, heartbeat_at, cordon FROM nodes WHERE name = :name")
                .bind("name", name)
                .map(this::storedNode)
                .findOne();
    }

    private StoredNode storedNode(ResultSet row, StatementContext context) throws SQLException {
        String cordon = row.getString("cordon");
        return new StoredNode(json.read(row.getString("node"), Node.class), Instant.ofEpochMilli(row.getLong("heartbeat_at")),
                cordon == null ? Optional.empty() : Optional.of(json.read(cordon, NodeCordon.class)));
    }
}
